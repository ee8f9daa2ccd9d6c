import { minorUnitsColumn } from '@railyard/contracts';
import { OrderEntity } from './order.entity';

/** customer_order's columns under the entity's property names (raw statements, issue 13). */
export const ORDER_COLUMNS =
  'id, customer_id AS "customerId", items, total, status, reason, ' +
  'idempotency_key AS "idempotencyKey", request_hash AS "requestHash", ' +
  'created_at AS "createdAt", updated_at AS "updatedAt"';

/** A row read with ORDER_COLUMNS, as TypeORM would have mapped it (total through its transformer). */
export function orderFromRow(row: Record<string, unknown>): OrderEntity {
  return Object.assign(new OrderEntity(), row, {
    total: minorUnitsColumn.from(row.total as string | number) as number,
  });
}
