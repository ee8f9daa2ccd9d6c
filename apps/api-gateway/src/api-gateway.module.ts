import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import {
  AppConfig,
  appConfigModule,
  HttpTracingModule,
  MetricsModule,
  railyardLoggerModule,
  TracingModule,
} from '@railyard/platform';
import { ResilienceHealthIndicator, ResilienceModule } from '@railyard/resilience';
import { ConsoleModule } from './admin/console/console.module';
import { DeadLettersModule } from './admin/dead-letters/dead-letters.module';
import { SagasModule } from './admin/sagas/sagas.module';
import { AuthModule } from './auth/auth.module';
import { isAdmin, Principal } from './auth/principal';
import { GatewayConfig, gatewayEnvSchema } from './config/gateway.config';
import { resilienceOptions } from './config/resilience.config';
import { DocsModule } from './docs/docs.module';
import { DownstreamServicesHealthIndicator } from './health/downstream-services.health';
import { gatewayThrottlerModule } from './http/throttling';
import { InventoryModule } from './inventory/inventory.module';
import { legacyOptionsFrom } from './legacy/legacy-options';
import { LegacyModule } from './legacy/legacy.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';

// Parsed once, when this file is loaded: the legacy routes are needed to define the module.
const config = AppConfig.parse(gatewayEnvSchema, process.env);

@Module({
  imports: [
    appConfigModule(config),
    railyardLoggerModule('api-gateway'),
    // The gateway's port is public: its metrics (downstreams, breakers, routes) are for operators.
    MetricsModule.forRoot({
      allowed: (request) => isAdmin((request as { user?: Principal }).user),
    }),
    // Exports the spans still batched when the app closes (tracing starts in runService).
    TracingModule,
    // A SERVER span per request (probes aside), under the caller's traceparent if it sent one: the
    // root of the trace each route starts on the bus. Only here: the services' HTTP is probes.
    HttpTracingModule,
    MessagingModule.forRoot({ service: 'gateway' }),
    ResilienceModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<GatewayConfig, true>) =>
        resilienceOptions((key) => config.get(key)),
    }),
    gatewayThrottlerModule(),
    AuthModule.fromConfig(),
    // First among the route modules: a legacy prefix wins over a service route with the same path.
    LegacyModule.forRoot(legacyOptionsFrom(config.all())),
    OrdersModule,
    InventoryModule,
    PaymentsModule,
    DeadLettersModule,
    SagasModule,
    ConsoleModule,
    DocsModule,
    HealthModule.forRoot({
      checks: [ResilienceHealthIndicator, DownstreamServicesHealthIndicator],
      // Breaker states, counters and service addresses are for operators; probes get up/down.
      showDetails: (request) => isAdmin((request as { user?: Principal }).user),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class ApiGatewayModule {}
