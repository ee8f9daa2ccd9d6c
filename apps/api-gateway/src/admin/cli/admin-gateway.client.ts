/** No call waits longer: a gateway that accepted the connection but never answers is an error. */
const CALL_TIMEOUT_MS = 60_000;
const TOKEN_HINT = 'make one with: --token "$(npm run -s token -- --role admin)"';

/** A failed call or command, in one line the CLI prints as is. */
export class AdminCliError extends Error {}

/**
 * One service's admin routes on the gateway (`/admin/<resource>/<service>…`), over HTTP so that a
 * command works against any deployment; failures become one-line AdminCliErrors.
 */
export class AdminGatewayClient {
  constructor(
    private readonly gateway: string,
    private readonly resource: string,
    protected readonly service: string,
    private readonly token: string | undefined,
  ) {}

  protected async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const base = this.gateway.replace(/\/+$/, '');
    const url = `${base}/admin/${this.resource}/${encodeURIComponent(this.service)}${path}`;
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
      throw new AdminCliError(`gateway ${this.gateway} unreachable: ${reasonOf(error)}`);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) return parsed;
    throw new AdminCliError(this.problem(response.status, parsed, text));
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
