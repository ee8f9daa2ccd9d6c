import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StepLogEvent } from '../machine/saga-state';

/** Every transition of every saga, with its time: the audit trail of what the saga did. */
@Entity('saga_step_log')
@Index('saga_step_log_saga', ['sagaId', 'sequence'])
export class SagaStepLogEntity {
  @PrimaryGeneratedColumn()
  sequence!: number;

  @Column({ name: 'saga_id', type: 'varchar', length: 64 })
  sagaId!: string;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'varchar', length: 32 })
  event!: StepLogEvent;

  @Column({ type: 'varchar', length: 512, nullable: true })
  detail!: string | null;

  @Column({ type: 'varchar', length: 32 })
  at!: string;
}
