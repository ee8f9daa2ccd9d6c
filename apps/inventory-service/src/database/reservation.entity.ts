import { ReservationStatus } from '@railyard/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one recorded decision per order; every later command for the order is answered from it. */
@Entity('reservation')
export class ReservationEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReservationStatus;

  /** Why it failed or was closed; null while it holds or held stock. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason!: string | null;

  /** JSON array of the skus a failure names, kept so a repeated command gets the same answer. */
  @Column({ name: 'failed_skus', type: 'text', nullable: true })
  failedSkus!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
