import { Command } from '@nestjs/cqrs';
import { Charge } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/** The envelope with its payload already parsed by the contract's pipe. */
export class ChargeCommand extends Command<void> {
  constructor(readonly envelope: Envelope<Charge>) {
    super();
  }
}
