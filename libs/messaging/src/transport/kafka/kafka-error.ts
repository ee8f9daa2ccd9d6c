interface ErrorLike {
  name?: unknown;
  retriable?: unknown;
  cause?: unknown;
}

/**
 * True when retrying cannot help: the deepest cause is a kafkajs error marked non-retriable
 * (MESSAGE_TOO_LARGE, INVALID_TOPIC_EXCEPTION, authorisation...) or not a kafkajs error at all
 * (a bug). kafkajs wraps exhausted retries in KafkaJSNumberOfRetriesExceeded, itself
 * "non-retriable", around the real cause, hence the walk down `cause`.
 */
export function isPermanentKafkaError(error: unknown): boolean {
  let current = error as ErrorLike | undefined;
  for (let depth = 0; depth < 10 && current?.cause; depth++) {
    current = current.cause as ErrorLike;
  }
  return current?.retriable !== true;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as ErrorLike).cause;
  return cause instanceof Error && cause.message !== error.message
    ? `${error.message} (${cause.message})`
    : error.message;
}
