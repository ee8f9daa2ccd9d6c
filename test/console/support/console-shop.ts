import { get, post } from '../../support/gateway-http';

export interface ProductStock {
  sku: string;
  available: number;
  reserved: number;
}

/** The gateway's HTTP API as a customer's order needs it, through an admin's token. */
export class ConsoleShop {
  constructor(private readonly gateway: string) {}

  async seed(sku: string, customerId: string): Promise<void> {
    const product = await post(`${this.gateway}/inventory/products`, { sku, available: 100 });
    const account = await post(`${this.gateway}/payments/accounts`, { customerId, balance: 1000 });
    if (product.status !== 201 || account.status !== 201) {
      throw new Error(`seeding failed: ${JSON.stringify([product.body, account.body])}`);
    }
  }

  async placeOrder(sku: string, customerId: string): Promise<string> {
    const body = { customerId, items: [{ sku, quantity: 1, unitPrice: 10 }] };
    const placed = await post(`${this.gateway}/orders`, body);
    if (placed.status !== 202) throw new Error(`order refused: ${JSON.stringify(placed.body)}`);
    return (placed.body as { orderId: string }).orderId;
  }

  async stock(sku: string): Promise<ProductStock> {
    const answer = await get(`${this.gateway}/inventory/products/${sku}`);
    if (answer.status !== 200) throw new Error(`no product ${sku}: ${JSON.stringify(answer.body)}`);
    return answer.body as ProductStock;
  }
}
