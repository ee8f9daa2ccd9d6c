import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PaymentQueries, PaymentView } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { ApiErrors } from '../../http/api-errors.decorator';
import { OrderIdParams } from '../../shared/id.params';
import { PaymentResponse, toPaymentResponse } from '../payment.response.dto';

@ApiTags('payments')
@Controller('payments/orders')
export class ListOrderPaymentsHttpController {
  constructor(private readonly bus: MessageBus) {}

  /** An order's charges and refunds, oldest first; an order without any has an empty list. */
  @Get(':orderId')
  @Resilient('payment')
  @ApiOkResponse({ type: [PaymentResponse] })
  @ApiErrors(400, 429, 503, 504)
  async list(
    @Param() { orderId }: OrderIdParams,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<PaymentResponse[]> {
    const payments = await this.bus.request<PaymentView[]>(
      'payment',
      PaymentQueries.listOrderPayments,
      { orderId },
      { timeoutMs: attempt?.timeoutMs, messageId },
    );
    return payments.map(toPaymentResponse);
  }
}
