import { Module } from '@nestjs/common';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { DatabaseHealthIndicator } from '@railyard/persistence';
import {
  MetricsModule,
  railyardLoggerModule,
  TracingModule,
  validatedConfigModule,
} from '@railyard/platform';
import { SagaHealthIndicator } from '@railyard/saga';
import { orderEnvSchema } from './config/order.config';
import { OrderModule } from './order.module';

@Module({
  imports: [
    validatedConfigModule(orderEnvSchema),
    railyardLoggerModule('order-service'),
    MetricsModule.forRoot(),
    // Exports the spans still batched when the app closes (tracing starts in runService).
    TracingModule,
    MessagingModule.forRoot({ service: 'order' }),
    OrderModule,
    HealthModule.forRoot({
      checks: [DatabaseHealthIndicator, SagaHealthIndicator],
      imports: [OrderModule],
    }),
  ],
})
export class OrderServiceModule {}
