import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Proof that `consumer` already applied the effect of `messageId`. */
@Entity('inbox_message')
// The retention sweep reads it oldest first (RetentionIndexes migration).
@Index('inbox_message_processed_at', ['processedAt'])
export class InboxMessageEntity {
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 64 })
  messageId!: string;

  /** The handler that processed it: one message may feed several handlers of a service. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  consumer!: string;

  @Column({ type: 'varchar', length: 256 })
  type!: string;

  @Column({ name: 'processed_at', type: 'varchar', length: 32 })
  processedAt!: string;

  /** A request's reply as JSON, answered again to a re-served request; null for an event. */
  @Column({ type: 'text', nullable: true })
  reply!: string | null;
}
