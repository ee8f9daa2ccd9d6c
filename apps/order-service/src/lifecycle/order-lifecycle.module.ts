import { Module } from '@nestjs/common';
import { OrderLifecycle } from './order-lifecycle';

/**
 * OrderLifecycle, shared by the use cases and the fulfilment saga (SagaModule builds
 * the saga, so it imports this module for what the saga injects). Its Outbox comes from the global
 * PersistenceModule.
 */
@Module({ providers: [OrderLifecycle], exports: [OrderLifecycle] })
export class OrderLifecycleModule {}
