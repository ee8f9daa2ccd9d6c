import { ApiProperty } from '@nestjs/swagger';

export class ProductResponse {
  @ApiProperty({ example: 'SKU-1' })
  sku!: string;

  @ApiProperty({ description: 'units that can be reserved', example: 10 })
  available!: number;

  @ApiProperty({ description: 'units held by orders in progress', example: 0 })
  reserved!: number;
}
