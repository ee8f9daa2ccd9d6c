import {
  Controller,
  Get,
  NotFoundException,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { assertMayActFor } from '../../auth/customer-access';
import { isAdmin, Principal } from '../../auth/principal';
import { Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedParams } from '../../http/parsed-arguments';
import { orderIdParams, OrderIdParams } from '../../http/id.params';
import { OrderDetailsReader } from './order-details.reader';
import { orderDetailsResponse, OrderDetailsResponse, OrderPart } from './order-details.response';
import { PartOutcome } from './order-part';
import { serverTiming } from './server-timing';
import { toInventoryPart, toOrderResponse, toPaymentPart } from './to-order-details';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

@ApiTags('orders')
@Secured()
@Controller('orders')
export class GetOrderHttpController {
  constructor(private readonly reader: OrderDetailsReader) {}

  /**
   * The order with its reservation and payments, fetched in parallel. A part whose service is
   * down, slow or behind an open circuit is left out and named in `degraded`; the answer still
   * comes within the services' budget. Without the order itself there is nothing to show: 503.
   * Another customer's order answers 403, before any of its parts is shown.
   */
  @Get(':orderId')
  @ApiOperation({ summary: 'Read an order with its reservation and payments' })
  @ApiOkResponse({ schema: apiSchemaRef(orderDetailsResponse) })
  @ApiErrors(400, 404, 429, 503)
  async get(
    @ParsedParams(orderIdParams) { orderId }: OrderIdParams,
    @Res({ passthrough: true }) response: HeaderSink,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetailsResponse> {
    const started = performance.now();
    const parts = this.reader.read(orderId);
    const order = await parts.order;
    if (order.status === 'absent') {
      response.setHeader('Server-Timing', serverTiming({ order }, performance.now() - started));
      throw new NotFoundException({
        message: `no order ${orderId}`,
        details: { code: 'ORDER_NOT_FOUND' },
      });
    }
    if (order.status === 'ok') assertMayActFor(principal, order.value.customerId);
    const [inventory, payment] = await Promise.all([parts.inventory, parts.payment]);
    response.setHeader(
      'Server-Timing',
      serverTiming({ order, inventory, payment }, performance.now() - started),
    );
    const degraded = degradedParts({ order, inventory, payment });
    const others = {
      ...(inventory.status === 'ok' ? { inventory: toInventoryPart(inventory.value) } : {}),
      ...(payment.status === 'ok' ? { payment: toPaymentPart(payment.value) } : {}),
    };
    if (order.status === 'degraded') {
      throw new ServiceUnavailableException({
        message: 'order-service is unavailable; try again later',
        // Whose order it is stays unknown, so its parts are shown to admins only.
        details: { degraded, ...(isAdmin(principal) ? others : {}) },
      });
    }
    return {
      order: toOrderResponse(order.value),
      ...others,
      ...(degraded.length > 0 ? { degraded } : {}),
    };
  }
}

function degradedParts(parts: Record<OrderPart, PartOutcome<unknown>>): OrderPart[] {
  return (Object.keys(parts) as OrderPart[]).filter((name) => parts[name].status === 'degraded');
}
