import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createEnvelope, Envelope, PublishOptions } from '@railyard/messaging';
import { OutboxMessageEntity } from './outbox-message.entity';

/**
 * Stages messages inside a unit of work. They are published by the OutboxRelay only once the
 * transaction committed, so a change and the events it causes are never seen one without the other.
 */
@Injectable()
export class Outbox {
  async add(tx: EntityManager, envelope: Envelope): Promise<Envelope> {
    await tx.getRepository(OutboxMessageEntity).insert({
      messageId: envelope.messageId,
      type: envelope.type,
      envelope: JSON.stringify(envelope),
      createdAt: new Date().toISOString(),
      sentAt: null,
      attempts: 0,
      lastError: null,
    });
    return envelope;
  }

  emit<T>(tx: EntityManager, type: string, payload: T, options: PublishOptions = {}) {
    return this.add(tx, createEnvelope({ type, payload, ...options })) as Promise<Envelope<T>>;
  }
}
