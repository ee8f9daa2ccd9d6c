import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One sku of an order's request, quantities of repeated skus summed. No foreign key to product:
 * a request refused for an unknown sku is recorded too.
 */
@Entity('reservation_line')
export class ReservationLineEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'integer' })
  quantity!: number;
}
