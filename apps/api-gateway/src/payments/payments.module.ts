import { Module } from '@nestjs/common';
import { GetAccountHttpController } from './get-account/get-account.http.controller';
import { ListOrderPaymentsHttpController } from './list-order-payments/list-order-payments.http.controller';
import { SetAccountHttpController } from './set-account/set-account.http.controller';

/** /payments: accounts and an order's payments, served by payment-service. */
@Module({
  controllers: [
    SetAccountHttpController,
    GetAccountHttpController,
    ListOrderPaymentsHttpController,
  ],
})
export class PaymentsModule {}
