import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsTextId } from '../../shared/text-id.validators';

export class SetProductRequest {
  @IsTextId('Product sku', 'SKU-1')
  sku!: string;

  @ApiProperty({ minimum: 0, maximum: 1_000_000_000, example: 10 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  available!: number;
}
