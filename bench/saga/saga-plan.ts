import { OrderLine } from '@railyard/contracts';

/** Generous enough that only a poor customer's payment ever fails. */
const STOCK_PER_SKU = 1_000_000;
const RICH_BALANCE = 1_000_000_000;
const SKUS = 16;
const RICH_CUSTOMERS = 16;
const POOR_CUSTOMERS = 4;
const UNIT_PRICE = 100;

export interface PlannedOrder {
  customerId: string;
  items: OrderLine[];
  /** Planned to fail at the payment step (a customer without money). */
  failsPayment: boolean;
  /** Unique per order: a create sent again after a lost answer creates nothing new. */
  idempotencyKey: string;
}

/**
 * The catalogue and orders of one saga phase, under a prefix of its own so that its orders can be
 * told apart in the order book. Orders spread over 16 skus and 16 customers (a single hot row
 * would measure lock contention, not the saga); every `failEvery`-th order comes from a customer
 * without money and must end CANCELLED after its stock was released.
 */
export class SagaPlan {
  readonly stock: Record<string, number> = {};
  readonly balances: Record<string, number> = {};
  readonly orders: PlannedOrder[] = [];

  constructor(
    readonly prefix: string,
    count: number,
    failEvery?: number,
    /** The burst uses one of each: one hot product and one customer, as a new user tries it. */
    { skuCount = SKUS, customerCount = RICH_CUSTOMERS } = {},
  ) {
    const skus = Array.from({ length: skuCount }, (_, i) => `${prefix}sku-${i}`);
    const rich = Array.from({ length: customerCount }, (_, i) => `${prefix}rich-${i}`);
    const poor = Array.from({ length: POOR_CUSTOMERS }, (_, i) => `${prefix}poor-${i}`);
    for (const sku of skus) this.stock[sku] = STOCK_PER_SKU;
    for (const customer of rich) this.balances[customer] = RICH_BALANCE;
    if (failEvery) for (const customer of poor) this.balances[customer] = 0;
    for (let i = 0; i < count; i++) {
      const failsPayment = failEvery !== undefined && i % failEvery === failEvery - 1;
      this.orders.push({
        customerId: failsPayment ? poor[i % POOR_CUSTOMERS] : rich[i % rich.length],
        items: [{ sku: skus[i % skus.length], quantity: 1 + (i % 3), unitPrice: UNIT_PRICE }],
        failsPayment,
        idempotencyKey: `${prefix}${i}`,
      });
    }
  }
}
