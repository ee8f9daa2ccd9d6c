import { Command } from '@nestjs/cqrs';
import { Refund } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/** Typed as the contract says; the handler still validates it, as it comes off the wire. */
export class RefundCommand extends Command<void> {
  constructor(readonly envelope: Envelope<Refund>) {
    super();
  }
}
