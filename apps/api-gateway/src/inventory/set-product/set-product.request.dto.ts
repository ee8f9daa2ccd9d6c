import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_AVAILABLE } from '@railyard/contracts';
import { IsTextId } from '../../shared/text-id.validators';

export class SetProductRequest {
  @IsTextId('Product sku', 'SKU-1')
  sku!: string;

  @ApiProperty({ minimum: 0, maximum: MAX_AVAILABLE, example: 10 })
  @IsInt()
  @Min(0)
  @Max(MAX_AVAILABLE)
  available!: number;
}
