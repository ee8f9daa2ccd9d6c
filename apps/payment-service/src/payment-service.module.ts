import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { DatabaseHealthIndicator, PersistenceModule } from '@railyard/persistence';
import { parseEnv, railyardLoggerModule } from '@railyard/platform';
import { paymentEnvSchema } from './config/payment.config';
import { paymentDatabase } from './database/payment-database';
import { PaymentModule } from './payment.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: (env) => parseEnv(paymentEnvSchema, env) }),
    railyardLoggerModule('payment-service'),
    MessagingModule.forRoot({ service: 'payment' }),
    PersistenceModule.forRoot(paymentDatabase),
    CqrsModule.forRoot(),
    HealthModule.forRoot({ checks: [DatabaseHealthIndicator] }),
    PaymentModule,
  ],
})
export class PaymentServiceModule {}
