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
import { IsAmount } from '../../shared/amount.validators';
import { IsTextId } from '../../shared/text-id.validators';

export class OrderItemRequest {
  @IsTextId('Product sku', 'SKU-1')
  sku!: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;

  @IsAmount('Price of one unit, in major units (at most 2 decimals)')
  unitPrice!: number;
}

export class CreateOrderRequest {
  @IsTextId('Customer placing the order', 'customer-1')
  customerId!: string;

  @ApiProperty({ type: [OrderItemRequest], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderItemRequest)
  items!: OrderItemRequest[];
}
