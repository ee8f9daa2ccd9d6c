import { IsTextId } from './text-id.validators';

export class OrderIdParams {
  @IsTextId('Order id', '9b2f7c1e-5d0a-4c37-9a44-0f3c2d1b6e58')
  orderId!: string;
}

export class SkuParams {
  @IsTextId('Product sku', 'SKU-1')
  sku!: string;
}

export class CustomerIdParams {
  @IsTextId('Customer id', 'customer-1')
  customerId!: string;
}
