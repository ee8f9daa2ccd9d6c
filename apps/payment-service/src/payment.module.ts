import { Module } from '@nestjs/common';
import { ChargeHandler } from './charge/charge.handler';
import { ChargeMessageController } from './charge/charge.message.controller';
import { GetAccountHandler } from './get-account/get-account.handler';
import { GetAccountMessageController } from './get-account/get-account.message.controller';
import { ListOrderPaymentsHandler } from './list-order-payments/list-order-payments.handler';
import { ListOrderPaymentsMessageController } from './list-order-payments/list-order-payments.message.controller';
import { RefundHandler } from './refund/refund.handler';
import { RefundMessageController } from './refund/refund.message.controller';
import { SetAccountHandler } from './set-account/set-account.handler';
import { SetAccountMessageController } from './set-account/set-account.message.controller';

const commandHandlers = [ChargeHandler, RefundHandler, SetAccountHandler];
const queryHandlers = [GetAccountHandler, ListOrderPaymentsHandler];
const controllers = [
  ChargeMessageController,
  RefundMessageController,
  SetAccountMessageController,
  GetAccountMessageController,
  ListOrderPaymentsMessageController,
];

/**
 * The payment use cases. Needs, from the importing module: PersistenceModule.forRoot with
 * `paymentDatabase`, CqrsModule.forRoot() and a MessagingModule (all global).
 */
@Module({
  controllers,
  providers: [...commandHandlers, ...queryHandlers],
})
export class PaymentModule {}
