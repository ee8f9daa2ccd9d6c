import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { DatabaseHealthIndicator } from '@railyard/persistence';
import { parseEnv, railyardLoggerModule } from '@railyard/platform';
import { SagaHealthIndicator } from '@railyard/saga';
import { orderEnvSchema } from './config/order.config';
import { OrderModule } from './order.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: (env) => parseEnv(orderEnvSchema, env) }),
    railyardLoggerModule('order-service'),
    MessagingModule.forRoot({ service: 'order' }),
    OrderModule,
    HealthModule.forRoot({
      checks: [DatabaseHealthIndicator, SagaHealthIndicator],
      imports: [OrderModule],
    }),
  ],
})
export class OrderServiceModule {}
