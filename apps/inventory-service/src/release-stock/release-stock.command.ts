import { Command } from '@nestjs/cqrs';
import { ReleaseStock } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { ReleaseReply } from '../domain/inventory-replies';

/** Resolves to the reply emitted, or null when the envelope was already handled. */
export class ReleaseStockCommand extends Command<ReleaseReply | null> {
  constructor(readonly envelope: Envelope<ReleaseStock>) {
    super();
  }
}
