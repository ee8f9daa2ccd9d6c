import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { parseEnv, railyardLoggerModule } from '@railyard/platform';
import { gatewayEnvSchema } from './config/gateway.config';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: (env) => parseEnv(gatewayEnvSchema, env) }),
    railyardLoggerModule('api-gateway'),
    MessagingModule.forRoot({ service: 'gateway' }),
    HealthModule.forRoot(),
  ],
})
export class ApiGatewayModule {}
