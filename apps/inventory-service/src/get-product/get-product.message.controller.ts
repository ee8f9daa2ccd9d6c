import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetProduct, ProductView } from '@railyard/contracts';
import { ContractPipe } from '@railyard/messaging';
import { GetProductQuery } from './get-product.query';

@Controller()
export class GetProductMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(GetProduct.type)
  getProduct(@Payload(new ContractPipe(GetProduct)) payload: GetProduct): Promise<ProductView> {
    return this.queryBus.execute(new GetProductQuery(payload));
  }
}
