import { Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetProduct } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedBody } from '../../http/parsed-arguments';
import { productResponse, ProductResponse } from '../product.response';
import { setProductRequest, SetProductRequest } from './set-product.request';

@ApiTags('inventory')
@Secured()
@Controller('inventory/products')
export class SetProductHttpController {
  constructor(private readonly bus: MessageBus) {}

  /** Creates the product or replaces its available stock: idempotent, so it may be retried. */
  @Post()
  @ApiOperation({ summary: "Set a product's available stock (admin)" })
  @AdminOnly()
  @Resilient('inventory', { idempotent: true })
  @ApiCreatedResponse({ schema: apiSchemaRef(productResponse) })
  @ApiErrors(400, 413, 422, 429, 503, 504)
  set(
    @ParsedBody(setProductRequest) body: SetProductRequest,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<ProductResponse> {
    // Parsed, the body is the message's payload.
    const request: SetProduct = body;
    return this.bus.request(SetProduct, request, {
      timeoutMs: attempt?.timeoutMs,
      messageId,
    });
  }
}
