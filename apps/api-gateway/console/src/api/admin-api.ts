/** A failed call, with the gateway's own message (its error body's `message`) when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** 401 or 403: the token is not (or no longer) an admin's. */
  get isAccessDenied(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

const ACCESS_MESSAGES: Record<number, string> = {
  401: 'The token was refused (malformed, expired or signed by another key). Sign in again.',
  403: 'This token is not an admin token: the console needs a token with role admin.',
};

/** Every call the page makes: same origin, JSON, with the admin token, bounded in time. */
export async function callApi<T>(
  token: string,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 35_000),
  });
  if (!response.ok) throw await apiError(response);
  return (await response.json()) as T;
}

export async function apiError(response: Response): Promise<ApiError> {
  const known = ACCESS_MESSAGES[response.status];
  if (known) return new ApiError(response.status, known);
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = `${response.status}: ${body.message}`;
  } catch {
    // Not JSON: the status line says enough.
  }
  return new ApiError(response.status, message);
}

export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
