import { EntityManager } from 'typeorm';
import { lockRows } from '@railyard/persistence';
import { ProductEntity } from './product.entity';
import { StockLevel } from '../domain/stock-level';

/**
 * The products of `skus`, locked for the rest of the transaction on PostgreSQL. Rows are locked
 * in sku order by every use case, so two transactions wanting the same skus queue up instead of
 * deadlocking; missing skus are simply absent from the result.
 */
export function lockProducts(tx: EntityManager, skus: readonly string[]): Promise<ProductEntity[]> {
  if (skus.length === 0) return Promise.resolve([]);
  const query = tx
    .getRepository(ProductEntity)
    .createQueryBuilder('p')
    .where('p.sku IN (:...skus)', { skus })
    .orderBy('p.sku', 'ASC');
  return lockRows(tx, query).getMany();
}

export async function saveLevels(tx: EntityManager, levels: readonly StockLevel[]): Promise<void> {
  const updatedAt = new Date().toISOString();
  const products = tx.getRepository(ProductEntity);
  for (const { sku, available, reserved, committed } of levels) {
    await products.update({ sku }, { available, reserved, committed, updatedAt });
  }
}
