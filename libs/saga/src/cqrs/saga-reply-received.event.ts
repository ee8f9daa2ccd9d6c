import { IEvent } from '@nestjs/cqrs';
import { OneWayContract } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { Settlement } from './settlement';

/**
 * A reply to one of the sagas' commands, taken off the bus (SagaReplyController) for the @Saga()
 * stream, with the contract it arrived as (`reply.contract === PaymentFailed`).
 *
 * One class typed by its contract rather than a class per reply contract: `ofType` matches
 * classes, and classes made at runtime from the sagas' contracts could not be imported by a
 * @Saga() that wants one of them. The payload stays as it arrived: the step awaiting it parses it
 * by the contract (`on`), so one that does not fit fails that step with the contract's complaint,
 * and a reply for a saga that has ended is acked without being read.
 */
export class SagaReplyReceived<K extends OneWayContract = OneWayContract> implements IEvent {
  constructor(
    readonly contract: K,
    readonly envelope: Envelope,
    /** Resolved once what the reply caused committed (the bus acks), rejected if it failed. */
    readonly settlement: Settlement,
  ) {}
}
