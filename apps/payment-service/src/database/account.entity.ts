import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn } from '@railyard/contracts';

/** A customer's money, in minor units; the CHECK in the schema keeps it from going negative. */
@Entity('account')
@Check('account_balance_not_negative', 'balance >= 0')
export class AccountEntity {
  @PrimaryColumn({
    name: 'customer_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'account_pkey',
  })
  customerId!: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  balance!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
