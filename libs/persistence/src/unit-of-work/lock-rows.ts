import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * `SELECT … FOR UPDATE` where the database has it. PostgreSQL needs it for read-check-write inside
 * a transaction; SQLite has no row locks and needs none (UnitOfWork runs its writers one at a time).
 */
export function lockRows<T extends ObjectLiteral>(
  tx: EntityManager,
  query: SelectQueryBuilder<T>,
): SelectQueryBuilder<T> {
  return tx.connection.options.type === 'postgres' ? query.setLock('pessimistic_write') : query;
}
