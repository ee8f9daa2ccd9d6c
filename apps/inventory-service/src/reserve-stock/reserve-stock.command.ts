import { Command } from '@nestjs/cqrs';
import { ReserveStock } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { ReserveReply } from '../domain/inventory-replies';

/** Resolves to the reply emitted, or null when the envelope was already handled. */
export class ReserveStockCommand extends Command<ReserveReply | null> {
  constructor(readonly envelope: Envelope<ReserveStock>) {
    super();
  }
}
