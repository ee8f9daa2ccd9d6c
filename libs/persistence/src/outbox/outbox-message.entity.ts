import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A message written in the same transaction as the change that caused it, awaiting the relay. */
@Entity('outbox_message')
@Index('outbox_message_unsent', ['sentAt', 'sequence'])
export class OutboxMessageEntity {
  /** Insertion order: the relay publishes in this order. */
  @PrimaryGeneratedColumn({ name: 'sequence' })
  sequence!: number;

  @Column({ name: 'message_id', type: 'varchar', length: 64, unique: true })
  messageId!: string;

  @Column({ type: 'varchar', length: 256 })
  type!: string;

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
}
