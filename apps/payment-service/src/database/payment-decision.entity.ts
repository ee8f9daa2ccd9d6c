import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PaymentFailureReason } from '@railyard/contracts';
import { DecisionStatus } from '../domain/decision-status';
import { PaymentEntity } from './payment.entity';

/**
 * The one decision per order (primary key on order_id): a repeated or reordered command reads it
 * and answers the same way instead of deciding again.
 */
@Entity('payment_decision')
@Check('payment_decision_status_known', "status IN ('COMPLETED', 'FAILED', 'VOIDED')")
@Check(
  'payment_decision_completed_has_charge',
  "(status = 'COMPLETED' AND transaction_id IS NOT NULL) OR (status <> 'COMPLETED' AND transaction_id IS NULL)",
)
export class PaymentDecisionEntity {
  @PrimaryColumn({
    name: 'order_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'payment_decision_pkey',
  })
  orderId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DecisionStatus;

  /** Why it was refused (FAILED, VOIDED); null when COMPLETED. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason!: PaymentFailureReason | null;

  /** The CHARGE payment when COMPLETED; null otherwise. */
  @Column({ name: 'transaction_id', type: 'varchar', length: 36, nullable: true })
  transactionId!: string | null;

  /** Declared for the foreign key only (never loaded): a COMPLETED decision names a real payment. */
  @ManyToOne(() => PaymentEntity, { nullable: true })
  @JoinColumn({
    name: 'transaction_id',
    referencedColumnName: 'transactionId',
    foreignKeyConstraintName: 'payment_decision_charge',
  })
  charge?: PaymentEntity;

  @Column({ name: 'decided_at', type: 'varchar', length: 32 })
  decidedAt!: string;
}
