import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { fromMinorUnits, MONEY_LIMITS } from '@railyard/contracts';
import { IsAmount } from '../../shared/amount.validators';
import { IsTextId } from '../../shared/text-id.validators';
import { HasOrderTotalWithinCap } from './order-total.validator';

export class OrderItemRequest {
  @IsTextId('Product sku', 'SKU-1')
  sku!: string;

  @ApiProperty({ minimum: 1, maximum: MONEY_LIMITS.maxQuantity, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MONEY_LIMITS.maxQuantity)
  quantity!: number;

  @IsAmount('Price of one unit, in major units (at most 2 decimals)', MONEY_LIMITS.maxUnitPrice)
  unitPrice!: number;
}

export class CreateOrderRequest {
  @IsTextId('Customer placing the order', 'customer-1')
  customerId!: string;

  @ApiProperty({
    type: [OrderItemRequest],
    minItems: 1,
    maxItems: MONEY_LIMITS.maxLines,
    description: `At most ${fromMinorUnits(MONEY_LIMITS.maxOrderTotal)} in total (quantity × unitPrice summed)`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MONEY_LIMITS.maxLines)
  @HasOrderTotalWithinCap()
  @ValidateNested({ each: true })
  @Type(() => OrderItemRequest)
  items!: OrderItemRequest[];
}
