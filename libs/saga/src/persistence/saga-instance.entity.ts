import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SagaStatus } from '../machine/saga-state';

/** One saga instance; written in the same transaction as the commands it sends (outbox). */
@Entity('saga_instance')
@Index('saga_instance_due', ['status', 'deadline'])
@Index('saga_instance_retention', ['status', 'updatedAt'])
@Index('saga_instance_updated', ['updatedAt', 'id'])
export class SagaInstanceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  type!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SagaStatus;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'integer' })
  attempt!: number;

  /** The saga's context, as JSON. */
  @Column({ type: 'text' })
  context!: string;

  /** ISO time the awaited reply is overdue; null once terminal. ISO strings sort as times. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  deadline!: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  reason!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
