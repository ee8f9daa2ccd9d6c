import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetProduct } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedParams } from '../../http/parsed-arguments';
import { skuParams, SkuParams } from '../../http/id.params';
import { productResponse, ProductResponse } from '../product.response';

@ApiTags('inventory')
@Secured()
@Controller('inventory/products')
export class GetProductHttpController {
  constructor(private readonly bus: MessageBus) {}

  @Get(':sku')
  @ApiOperation({ summary: "Read a product's stock" })
  @Resilient('inventory')
  @ApiOkResponse({ schema: apiSchemaRef(productResponse) })
  @ApiErrors(400, 404, 429, 503, 504)
  get(
    @ParsedParams(skuParams) { sku }: SkuParams,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<ProductResponse> {
    return this.bus.request(GetProduct, { sku }, { timeoutMs: attempt?.timeoutMs, messageId });
  }
}
