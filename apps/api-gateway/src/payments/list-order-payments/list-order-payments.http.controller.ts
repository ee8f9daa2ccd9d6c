import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetOrder, ListOrderPayments } from '@railyard/contracts';
import { ResilientBus } from '@railyard/resilience';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { assertMayActFor } from '../../auth/customer-access';
import { isAdmin, Principal } from '../../auth/principal';
import { Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedParams } from '../../http/parsed-arguments';
import { orderIdParams, OrderIdParams } from '../../http/id.params';
import { paymentResponse, PaymentResponse, toPaymentResponse } from '../payment.response';

const QUERY = { idempotent: true };

@ApiTags('payments')
@Secured()
@Controller('payments/orders')
export class ListOrderPaymentsHttpController {
  constructor(private readonly bus: ResilientBus) {}

  /**
   * An order's charges and refunds, oldest first; an order without any has an empty list.
   * Payments do not say whose they are, so a customer's call first asks order-service whose order
   * it is: 404 for no order, 403 for another customer's. Each call goes through its own
   * downstream's policy, so order-service failing never counts against payment's breaker.
   */
  @Get(':orderId')
  @ApiOperation({ summary: 'List the payments of an order' })
  @ApiOkResponse({ schema: { type: 'array', items: apiSchemaRef(paymentResponse) } })
  @ApiErrors(400, 404, 429, 503, 504)
  async list(
    @ParsedParams(orderIdParams) { orderId }: OrderIdParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PaymentResponse[]> {
    if (!isAdmin(principal)) {
      const order = await this.bus.request(GetOrder, { orderId }, QUERY);
      assertMayActFor(principal, order.customerId);
    }
    const payments = await this.bus.request(ListOrderPayments, { orderId }, QUERY);
    return payments.map(toPaymentResponse);
  }
}
