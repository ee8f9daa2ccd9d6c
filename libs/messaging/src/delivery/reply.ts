import { ErrorShape } from '../errors/to-error-shape';

export type Reply = { ok: true; body: unknown } | { ok: false; error: ErrorShape };
