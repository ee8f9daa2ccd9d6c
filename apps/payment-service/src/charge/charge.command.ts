import { Command } from '@nestjs/cqrs';
import { Charge } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/** Typed as the contract says; the handler still validates it, as it comes off the wire. */
export class ChargeCommand extends Command<void> {
  constructor(readonly envelope: Envelope<Charge>) {
    super();
  }
}
