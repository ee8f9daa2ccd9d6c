import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { PaymentType } from '../domain/decision-status';
import { minorUnitsColumn } from '@railyard/contracts';

/**
 * Money that moved for an order. UNIQUE(order_id, type) is the database's own guarantee of at most
 * one charge and one refund per order, whatever the code above it does.
 */
@Entity('payment')
@Unique('payment_order_type_unique', ['orderId', 'type'])
@Check('payment_type_known', "type IN ('CHARGE', 'REFUND')")
@Check('payment_amount_not_negative', 'amount >= 0')
export class PaymentEntity {
  @PrimaryColumn({
    name: 'transaction_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'payment_pkey',
  })
  transactionId!: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  /** Whose account moved: a refund gives the money back to the same account. */
  @Column({ name: 'customer_id', type: 'varchar', length: 64 })
  customerId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: PaymentType;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amount!: number;

  /** ISO-8601 (UTC), so text order is time order on both databases. */
  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
