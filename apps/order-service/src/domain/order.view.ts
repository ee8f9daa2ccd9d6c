import { OrderView } from '@railyard/contracts';
import type { OrderEntity } from '../database/order.entity';

export function toOrderView(order: OrderEntity): OrderView {
  return {
    id: order.id,
    customerId: order.customerId,
    items: order.lines(),
    total: order.total,
    status: order.status,
    ...(order.reason ? { reason: order.reason } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
