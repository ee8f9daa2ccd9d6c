import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrderStatus, ReservationStatus } from '@railyard/contracts';
import { PaymentResponse } from '../../payments/payment.response.dto';

export class OrderLineResponse {
  @ApiProperty()
  sku!: string;

  @ApiProperty()
  quantity!: number;

  @ApiProperty({ description: 'major units', example: 10.5 })
  unitPrice!: number;
}

export class OrderResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  customerId!: string;

  @ApiProperty({ type: [OrderLineResponse] })
  items!: OrderLineResponse[];

  @ApiProperty({ description: 'major units', example: 21 })
  total!: number;

  @ApiProperty({ enum: ['PENDING', 'CONFIRMED', 'CANCELLED'] })
  status!: OrderStatus;

  @ApiPropertyOptional({ description: 'why it was cancelled' })
  reason?: string;
}

export class StockLineResponse {
  @ApiProperty()
  sku!: string;

  @ApiProperty()
  quantity!: number;
}

export class InventoryPartResponse {
  @ApiProperty({ enum: ['RESERVED', 'FAILED', 'RELEASED', 'COMMITTED'] })
  status!: ReservationStatus;

  @ApiProperty({ type: [StockLineResponse] })
  items!: StockLineResponse[];

  @ApiPropertyOptional()
  reason?: string;
}

export class PaymentPartResponse {
  @ApiProperty({ type: [PaymentResponse], description: 'oldest first' })
  payments!: PaymentResponse[];
}

export const ORDER_PARTS = ['order', 'inventory', 'payment'] as const;
export type OrderPart = (typeof ORDER_PARTS)[number];

export class OrderDetailsResponse {
  @ApiProperty()
  order!: OrderResponse;

  @ApiPropertyOptional({ description: 'absent until stock is reserved for the order' })
  inventory?: InventoryPartResponse;

  @ApiPropertyOptional({ description: 'absent when payment-service could not answer' })
  payment?: PaymentPartResponse;

  @ApiPropertyOptional({
    enum: ORDER_PARTS,
    isArray: true,
    description: 'parts left out because their service was down, slow or behind an open circuit',
  })
  degraded?: OrderPart[];
}
