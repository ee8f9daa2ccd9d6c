import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Stock of one sku. `available + reserved + committed` only changes through SetProduct, so the
 * three columns account for every unit ever stocked. The checks repeat the domain's "never
 * negative" rule in the database, the last line of defence against a bad write.
 */
@Entity('product')
@Check('product_available_non_negative', '"available" >= 0')
@Check('product_reserved_non_negative', '"reserved" >= 0')
@Check('product_committed_non_negative', '"committed" >= 0')
export class ProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  /** Free to reserve. */
  @Column({ type: 'integer' })
  available!: number;

  /** Held for orders that are neither released nor committed yet. */
  @Column({ type: 'integer', default: 0 })
  reserved!: number;

  /** Gone with confirmed orders (CommitStock). */
  @Column({ type: 'integer', default: 0 })
  committed!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
