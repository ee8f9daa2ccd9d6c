import { MessageContract } from '@railyard/contracts';
import { ContractPipe } from '@railyard/messaging';
import type { z } from 'zod/v4';

/**
 * A payload as a handler receives it from Nest: through its contract's pipe, so a bad one is
 * refused (INVALID_MESSAGE) exactly as on the bus. For specs that drive a command or query bus
 * directly.
 */
export function asReceived<P extends z.ZodType>(
  contract: MessageContract<P>,
  payload: unknown,
): z.output<P> {
  return new ContractPipe(contract).transform(payload);
}
