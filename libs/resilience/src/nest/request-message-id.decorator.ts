import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { timeOrderedUuid } from '@railyard/platform';

const REQUEST_MESSAGE_ID = Symbol('railyard:request-message-id');

/**
 * The message id for the one bus request a handler sends: created on first use and kept on the
 * HTTP request, so each retry of a @Resilient handler (the same arguments, again) sends the
 * same message. A target that records it (Inbox.request) then answers a retry of a request it
 * already served, e.g. one that timed out in the gateway, instead of acting twice. Pass it as
 * `messageId` in the bus request's options.
 */
export const RequestMessageId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => {
    const request = context.switchToHttp().getRequest<Record<symbol, string | undefined>>();
    return (request[REQUEST_MESSAGE_ID] ??= timeOrderedUuid());
  },
);
