import { Command } from '@nestjs/cqrs';
import { Refund } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/** The envelope with its payload already parsed by the contract's pipe. */
export class RefundCommand extends Command<void> {
  constructor(readonly envelope: Envelope<Refund>) {
    super();
  }
}
