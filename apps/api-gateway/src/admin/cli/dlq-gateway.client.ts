import type {
  DeadLetterOutcomeView,
  DeadLetterPageView,
  DeadLetterSelectionInput,
  DeadLetterView,
} from '@railyard/contracts';

/** No call waits longer: a gateway that accepted the connection but never answers is an error. */
const CALL_TIMEOUT_MS = 60_000;
const TOKEN_HINT = 'make one with: --token "$(npm run -s token -- --role admin)"';

/** A failed call, in one line the CLI prints as is. */
export class DlqError extends Error {}

/** The gateway's admin dead-letter routes, over HTTP (so it works against any deployment). */
export class DlqGatewayClient {
  constructor(
    private readonly gateway: string,
    private readonly service: string,
    private readonly token: string | undefined,
  ) {}

  list(limit: number, after?: string): Promise<DeadLetterPageView> {
    const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
    return this.call('GET', `?${query}`) as Promise<DeadLetterPageView>;
  }

  show(id: string): Promise<DeadLetterView> {
    return this.call('GET', `/${encodeURIComponent(id)}`) as Promise<DeadLetterView>;
  }

  act(
    action: 'replay' | 'discard',
    selection: DeadLetterSelectionInput,
  ): Promise<DeadLetterOutcomeView> {
    return this.call('POST', `/${action}`, selection) as Promise<DeadLetterOutcomeView>;
  }

  /** One letter again with `payload` in place of its own (same message id, type and headers). */
  replayEdited(id: string, payload: unknown): Promise<DeadLetterOutcomeView> {
    return this.call('POST', `/${encodeURIComponent(id)}/replay-edited`, {
      payload,
    }) as Promise<DeadLetterOutcomeView>;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.gateway.replace(/\/+$/, '')}/admin/dead-letters/${encodeURIComponent(this.service)}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new DlqError(`gateway ${this.gateway} unreachable: ${reasonOf(error)}`);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) return parsed;
    throw new DlqError(this.problem(response.status, parsed, text));
  }

  private problem(status: number, body: unknown, text: string): string {
    const { message, details } = (body ?? {}) as {
      message?: string;
      details?: { fields?: Array<{ field: string; problems: string[] }>; code?: string };
    };
    if (status === 401) {
      return `401 Unauthorized: ${this.token ? 'the token was refused' : 'no token given'}; ${TOKEN_HINT}`;
    }
    if (status === 403) return `403 Forbidden: this needs an admin token; ${TOKEN_HINT}`;
    const fields = details?.fields?.map(({ field, problems }) => `${field} ${problems.join(', ')}`);
    if (fields?.some((line) => line.startsWith('service '))) {
      return `unknown service "${this.service}": ${fields.join('; ')}`;
    }
    const said = fields?.length ? fields.join('; ') : (message ?? text.slice(0, 200));
    return `${status}: ${said || 'no message'}${details?.code ? ` (${details.code})` : ''}`;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return `no answer in ${CALL_TIMEOUT_MS} ms`;
  return cause?.message ?? (error as Error).message;
}
