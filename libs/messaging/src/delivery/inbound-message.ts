import { WireHeaders } from '../envelope/envelope-headers';
import { InvalidMessageReason } from '../errors/invalid-message.error';

/** A message as it came off the wire, before anything is trusted. */
export interface InboundMessage {
  /** Topic, queue or peer it came from; named in its dead letter. */
  readonly source: string;
  readonly headers: WireHeaders;
  readonly body: Buffer;
}

export interface DeadLetter extends InboundMessage {
  readonly reason: InvalidMessageReason | 'handler-failed';
  readonly error: string;
  /** Handler attempts made; 0 when the message could not even be decoded. */
  readonly attempts: number;
}

/** Where a transport keeps dead letters. Rejecting means "not stored": the message must not be acked. */
export type DeadLetterSink = (deadLetter: DeadLetter) => Promise<void>;
