import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InventoryQueries, ProductView } from '@railyard/contracts';
import { GetProductQuery } from './get-product.query';

@Controller()
export class GetProductMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(InventoryQueries.getProduct)
  getProduct(@Payload() payload: unknown): Promise<ProductView> {
    return this.queryBus.execute(new GetProductQuery(payload));
  }
}
