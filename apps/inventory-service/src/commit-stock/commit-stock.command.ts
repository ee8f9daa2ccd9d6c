import { Command } from '@nestjs/cqrs';
import { CommitStock } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { CommitReply } from '../domain/inventory-replies';

/** Resolves to the reply emitted, or null when the envelope was already handled. */
export class CommitStockCommand extends Command<CommitReply | null> {
  constructor(readonly envelope: Envelope<CommitStock>) {
    super();
  }
}
