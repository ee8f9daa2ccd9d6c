import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { parseEnv, railyardLoggerModule } from '@railyard/platform';
import { orderEnvSchema } from './config/order.config';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: (env) => parseEnv(orderEnvSchema, env) }),
    railyardLoggerModule('order-service'),
    MessagingModule.forRoot({ service: 'order' }),
    HealthModule.forRoot(),
  ],
})
export class OrderServiceModule {}
