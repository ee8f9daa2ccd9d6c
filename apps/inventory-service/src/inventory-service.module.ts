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
import { inventoryEnvSchema } from './config/inventory.config';
import { InventoryModule } from './inventory.module';

@Module({
  imports: [
    validatedConfigModule(inventoryEnvSchema),
    railyardLoggerModule('inventory-service'),
    MetricsModule.forRoot(),
    // Exports the spans still batched when the app closes (tracing starts in runService).
    TracingModule,
    MessagingModule.forRoot({ service: 'inventory' }),
    InventoryModule,
    HealthModule.forRoot({ checks: [DatabaseHealthIndicator] }),
  ],
})
export class InventoryServiceModule {}
