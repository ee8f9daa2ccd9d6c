import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A message written in the same transaction as the change that caused it, awaiting the relay. */
@Entity('outbox_message')
@Index('outbox_message_unsent', ['sentAt', 'sequence'])
@Index('outbox_message_aggregate', ['aggregateId', 'sequence'])
export class OutboxMessageEntity {
  /** Insertion order: the relay publishes in this order. */
  @PrimaryGeneratedColumn({ name: 'sequence' })
  sequence!: number;

  @Column({ name: 'message_id', type: 'varchar', length: 64, unique: true })
  messageId!: string;

  @Column({ type: 'varchar', length: 256 })
  type!: string;

  /** The envelope's ordering key, copied out so the relay can hold one aggregate back. */
  @Column({ name: 'aggregate_id', type: 'varchar', length: 256, nullable: true })
  aggregateId!: string | null;

  /** The whole envelope, as JSON. */
  @Column({ type: 'text' })
  envelope!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 32, nullable: true })
  sentAt!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Not before this time (ISO): a transient failure backs off its own aggregate only. */
  @Column({ name: 'retry_after', type: 'varchar', length: 32, nullable: true })
  retryAfter!: string | null;

  /** Set when no retry can publish it: it and its aggregate's later rows wait for an operator. */
  @Column({ name: 'parked_at', type: 'varchar', length: 32, nullable: true })
  parkedAt!: string | null;

  @Column({ name: 'parked_reason', type: 'text', nullable: true })
  parkedReason!: string | null;
}
