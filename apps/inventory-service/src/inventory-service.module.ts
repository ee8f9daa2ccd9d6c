import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { HealthModule } from '@railyard/health';
import { MessagingModule } from '@railyard/messaging';
import { DatabaseHealthIndicator } from '@railyard/persistence';
import { parseEnv, railyardLoggerModule } from '@railyard/platform';
import { inventoryEnvSchema } from './config/inventory.config';
import { InventoryModule } from './inventory.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: (env) => parseEnv(inventoryEnvSchema, env) }),
    railyardLoggerModule('inventory-service'),
    MessagingModule.forRoot({ service: 'inventory' }),
    InventoryModule,
    HealthModule.forRoot({ checks: [DatabaseHealthIndicator] }),
  ],
})
export class InventoryServiceModule {}
