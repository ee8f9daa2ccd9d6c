/** GET returning status and JSON (or text) body; never throws for HTTP errors. */
export async function getJson(
  url: string,
  timeoutMs = 2_000,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** Polls `url` until it answers `status`; fails with the last answer (or error) after `timeoutMs`. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no answer';
  while (Date.now() < deadline) {
    try {
      const answer = await getJson(url);
      if (answer.status === status) return answer.body;
      last = answer;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${url} did not answer ${status} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`,
  );
}
