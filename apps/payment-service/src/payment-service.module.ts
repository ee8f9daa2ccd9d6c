import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { parseEnv, railyardLoggerModule } from '@railyard/platform';
import { paymentEnvSchema } from './config/payment.config';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: (env) => parseEnv(paymentEnvSchema, env) }),
    railyardLoggerModule('payment-service'),
    MessagingModule.forRoot({ service: 'payment' }),
    HealthModule.forRoot(),
  ],
})
export class PaymentServiceModule {}
