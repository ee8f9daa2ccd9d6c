import { Module } from '@nestjs/common';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { DatabaseHealthIndicator } from '@railyard/persistence';
import { MetricsModule, railyardLoggerModule, validatedConfigModule } from '@railyard/platform';
import { SagaHealthIndicator } from '@railyard/saga';
import { orderEnvSchema } from './config/order.config';
import { OrderModule } from './order.module';

@Module({
  imports: [
    validatedConfigModule(orderEnvSchema),
    railyardLoggerModule('order-service'),
    MetricsModule.forRoot(),
    MessagingModule.forRoot({ service: 'order' }),
    OrderModule,
    HealthModule.forRoot({
      checks: [DatabaseHealthIndicator, SagaHealthIndicator],
      imports: [OrderModule],
    }),
  ],
})
export class OrderServiceModule {}
