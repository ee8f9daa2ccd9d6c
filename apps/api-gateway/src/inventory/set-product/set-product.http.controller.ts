import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetProduct } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { ProductResponse } from '../product.response.dto';
import { SetProductRequest } from './set-product.request.dto';

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
  @ApiCreatedResponse({ type: ProductResponse })
  @ApiErrors(400, 413, 422, 429, 503, 504)
  set(
    @Body() body: SetProductRequest,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<ProductResponse> {
    const request: SetProduct = { sku: body.sku, available: body.available };
    return this.bus.request(SetProduct, request, {
      timeoutMs: attempt?.timeoutMs,
      messageId,
    });
  }
}
