import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { DatabaseHealthIndicator, PersistenceModule } from '@railyard/persistence';
import {
  MetricsModule,
  railyardLoggerModule,
  TracingModule,
  validatedConfigModule,
} from '@railyard/platform';
import { paymentEnvSchema } from './config/payment.config';
import { paymentDatabase } from './database/payment-database';
import { PaymentModule } from './payment.module';

@Module({
  imports: [
    validatedConfigModule(paymentEnvSchema),
    railyardLoggerModule('payment-service'),
    MetricsModule.forRoot(),
    // Exports the spans still batched when the app closes (tracing starts in runService).
    TracingModule,
    MessagingModule.forRoot({ service: 'payment' }),
    PersistenceModule.forRoot(paymentDatabase),
    CqrsModule.forRoot(),
    HealthModule.forRoot({ checks: [DatabaseHealthIndicator] }),
    PaymentModule,
  ],
})
export class PaymentServiceModule {}
