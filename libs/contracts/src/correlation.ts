/**
 * Free envelope headers a service copies from a command onto the events it answers with, so the
 * sender (e.g. a saga) can match the reply to its step without the services knowing about sagas.
 */
export const REPLY_HEADER_PREFIX = 'reply-';

export function replyHeaders(
  commandHeaders: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(commandHeaders).filter(([name]) => name.startsWith(REPLY_HEADER_PREFIX)),
  );
}
