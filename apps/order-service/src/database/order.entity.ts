import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn, OrderLine, OrderStatus } from '@railyard/contracts';

@Entity('customer_order')
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 128 })
  customerId!: string;

  /** The lines as JSON: they are read and written whole, never queried one by one. */
  @Column({ type: 'text' })
  items!: string;

  /** Minor units; BIGINT since OrderTotalBigint1764950000100 (a total may pass 2^31). */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  total!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ type: 'varchar', length: 256, nullable: true })
  reason!: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true, unique: true })
  idempotencyKey!: string | null;

  /** Fingerprint of the request that used the idempotency key. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  lines(): OrderLine[] {
    return JSON.parse(this.items) as OrderLine[];
  }
}
