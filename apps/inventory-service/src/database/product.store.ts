import { EntityManager } from 'typeorm';
import { SqlStatement } from '@railyard/persistence';
import { StockLevel } from '../domain/stock-level';

/**
 * The hot path's statements past TypeORM's query builder (issue 13): it wrote every number as a
 * literal into the SQL on SQLite, so each new stock level was a new statement to prepare, and the
 * driver's 100-entry statement cache kept evicting the service's other statements.
 */
const SELECT_COLUMNS =
  'SELECT sku, available, reserved, committed, updated_at AS "updatedAt" FROM product ';
const lockBySkuCount = new Map<number, SqlStatement>();
const UPDATE_LEVEL = new SqlStatement(
  'UPDATE product SET available = $1, reserved = $2, committed = $3, updated_at = $4 WHERE sku = $5',
);

/** One statement per number of skus (an order names a few). */
function lockStatement(count: number): SqlStatement {
  let statement = lockBySkuCount.get(count);
  if (!statement) {
    const list = Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ');
    statement = new SqlStatement(`${SELECT_COLUMNS}WHERE sku IN (${list}) ORDER BY sku`, {
      lockRows: true,
    });
    lockBySkuCount.set(count, statement);
  }
  return statement;
}

/**
 * The products of `skus`, locked for the rest of the transaction on PostgreSQL. Rows are locked
 * in sku order by every use case, so two transactions wanting the same skus queue up instead of
 * deadlocking; missing skus are simply absent from the result.
 */
export async function lockProducts(
  tx: EntityManager,
  skus: readonly string[],
): Promise<StockLevel[]> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return [];
  const { rows } = await lockStatement(unique.length).run(tx, unique);
  return rows.map((row) => ({
    sku: row.sku as string,
    available: Number(row.available),
    reserved: Number(row.reserved),
    committed: Number(row.committed),
  }));
}

export async function saveLevels(tx: EntityManager, levels: readonly StockLevel[]): Promise<void> {
  const updatedAt = new Date().toISOString();
  for (const { sku, available, reserved, committed } of levels) {
    await UPDATE_LEVEL.run(tx, [available, reserved, committed, updatedAt, sku]);
  }
}
