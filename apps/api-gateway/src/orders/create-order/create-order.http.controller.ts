import { Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateOrder } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { assertMayActFor } from '../../auth/customer-access';
import { Principal } from '../../auth/principal';
import { Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedBody } from '../../http/parsed-arguments';
import { createOrderRequest, CreateOrderRequest } from './create-order.request';
import { createOrderResponse, CreateOrderResponse } from './create-order.response';
import { IdempotencyKey } from './idempotency-key.decorator';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

@ApiTags('orders')
@Secured()
@Controller('orders')
export class CreateOrderHttpController {
  constructor(private readonly bus: MessageBus) {}

  /**
   * Accepted, not done: the order starts PENDING and the fulfilment saga decides. With an
   * Idempotency-Key the call is retried on failure (order-service answers a repeat with the same
   * order); without one it is sent once. Every attempt sends the HTTP request's one message id, so
   * order-service answers a retry of a request it already served (or a broker re-serving one)
   * from its inbox instead of creating another order. A customer's token orders only for itself.
   */
  @Post()
  @ApiOperation({ summary: 'Place an order (accepted; the saga confirms or cancels it)' })
  @HttpCode(HttpStatus.ACCEPTED)
  @Resilient('order')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body: the same order, nothing new. Same key, other body: 409.',
  })
  @ApiAcceptedResponse({ schema: apiSchemaRef(createOrderResponse) })
  @ApiErrors(400, 409, 413, 422, 429, 503, 504)
  async create(
    @ParsedBody(createOrderRequest) body: CreateOrderRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: HeaderSink,
    @CurrentPrincipal() principal: Principal,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<CreateOrderResponse> {
    assertMayActFor(principal, body.customerId);
    // Parsed, the body is the message's payload (prices in minor units) without the key.
    const request: CreateOrder = { ...body, ...(idempotencyKey ? { idempotencyKey } : {}) };
    const result = await this.bus.request(CreateOrder, request, {
      timeoutMs: attempt?.timeoutMs,
      messageId,
    });
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    // A replay gets the original answer (accepted, PENDING), not the order's status since then:
    // GET /orders/:id tells that.
    return { orderId: result.orderId, status: 'PENDING' };
  }
}
