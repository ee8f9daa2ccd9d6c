import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  CommitStock,
  ReleaseStock,
  ReserveStock,
  SetProduct,
  StockLine,
} from '@railyard/contracts';
import {
  connectBus,
  createEnvelope,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
  TcpPeer,
} from '@railyard/messaging';
import { createTestDatabase, DatabaseKind, TestDatabase } from '../../../test/support/database';
import { CommitStockCommand } from '../src/commit-stock/commit-stock.command';
import { ProductEntity } from '../src/database/product.entity';
import { ReservationEntity } from '../src/database/reservation.entity';
import { InventoryModule } from '../src/inventory.module';
import { ReleaseStockCommand } from '../src/release-stock/release-stock.command';
import { ReserveStockCommand } from '../src/reserve-stock/reserve-stock.command';
import { SetProductCommand } from '../src/set-product/set-product.command';
import { asReceived } from '../../../test/support/as-received';
import { inventoryEnvSchema } from '../src/config/inventory.config';
import { validatedConfigModule } from '@railyard/platform';

/** Headers a saga would put on a command: the reply-* ones must come back on the answer. */
export const SAGA_HEADERS = { 'reply-saga-id': 'saga-1', 'reply-step': 'stock', 'x-trace': 'no' };

/** Unique per test, so the tests of one database share it without seeing each other. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const commandEnvelope = <T extends { orderId: string }>(type: string, payload: T) =>
  createEnvelope({ type, payload, aggregateId: payload.orderId, headers: SAGA_HEADERS });

/** A SetProduct request as the bus delivers it (pipe included): a new message each call. */
export const setProductCommand = (payload: unknown) =>
  new SetProductCommand(
    createEnvelope({ type: SetProduct.type, payload: asReceived(SetProduct, payload) }),
  );

/** Serve the handlers on TCP `port` (default: a client-only bus), publishing to `peers`. */
export interface HarnessBus {
  port?: number;
  peers?: TcpPeer[];
}

/**
 * inventory-service's real modules on a fresh database of `kind`, by default with a client-only
 * TCP bus (no listener, no peers), driven through its CommandBus / QueryBus. What a handler emitted is read
 * back from outbox_message.
 */
export class InventoryHarness {
  /** Set when the harness serves its handlers over TCP. */
  app?: INestApplication;

  private constructor(
    readonly module: TestingModule,
    readonly database: TestDatabase,
  ) {}

  static async start(kind: DatabaseKind, bus: HarnessBus = {}): Promise<InventoryHarness> {
    const database = await createTestDatabase(kind, 'inventory');
    try {
      const module = await Test.createTestingModule({
        imports: [
          validatedConfigModule(inventoryEnvSchema, database.env),
          MessagingModule.forRootAsync({
            useFactory: () => {
              const options = messagingOptionsFromEnv('inventory', {
                ...database.env,
                TRANSPORT: 'tcp',
              });
              return {
                options: {
                  ...options,
                  tcp: { ...options.tcp, port: bus.port, peers: bus.peers ?? [] },
                },
              };
            },
          }),
          InventoryModule,
        ],
      }).compile();
      const harness = new InventoryHarness(module, database);
      if (bus.port === undefined) {
        // Registers the CQRS handlers (done on bootstrap); also starts the outbox relay, which
        // publishes to nobody and only marks rows sent: they stay readable in outbox_message.
        await module.init();
      } else {
        harness.app = module.createNestApplication({ logger: false });
        connectBus(harness.app);
        await harness.app.startAllMicroservices();
        await harness.app.init();
      }
      return harness;
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  get commandBus(): CommandBus {
    return this.module.get(CommandBus);
  }

  get queryBus(): QueryBus {
    return this.module.get(QueryBus);
  }

  get dataSource(): DataSource {
    return this.module.get<DataSource>(getDataSourceToken());
  }

  async stock(sku: string, available: number): Promise<void> {
    await this.commandBus.execute(setProductCommand({ sku, available }));
  }

  async reserve(envelope: Envelope<ReserveStock>) {
    const payload = asReceived(ReserveStock, envelope.payload);
    return this.commandBus.execute(new ReserveStockCommand({ ...envelope, payload }));
  }

  async release(envelope: Envelope<ReleaseStock>) {
    const payload = asReceived(ReleaseStock, envelope.payload);
    return this.commandBus.execute(new ReleaseStockCommand({ ...envelope, payload }));
  }

  async commit(envelope: Envelope<CommitStock>) {
    const payload = asReceived(CommitStock, envelope.payload);
    return this.commandBus.execute(new CommitStockCommand({ ...envelope, payload }));
  }

  /** Builds and handles a fresh ReserveStock (a new messageId each call). */
  reserveFor(orderId: string, items: StockLine[]) {
    return this.reserve(commandEnvelope(ReserveStock.type, { orderId, items }));
  }

  releaseFor(orderId: string) {
    return this.release(commandEnvelope(ReleaseStock.type, { orderId }));
  }

  commitFor(orderId: string) {
    return this.commit(commandEnvelope(CommitStock.type, { orderId }));
  }

  /** The whole row, `committed` included (the contract's view leaves it out). */
  product(sku: string): Promise<ProductEntity | null> {
    return this.dataSource.getRepository(ProductEntity).findOneBy({ sku });
  }

  reservation(orderId: string): Promise<ReservationEntity | null> {
    return this.dataSource.getRepository(ReservationEntity).findOneBy({ orderId });
  }

  /** The events staged for `orderId`, in outbox order. */
  async emitted(orderId: string): Promise<Envelope[]> {
    const rows: Array<{ type: string; envelope: string }> = await this.dataSource.query(
      'select type, envelope from outbox_message order by sequence',
    );
    return rows
      .map((row) => JSON.parse(row.envelope) as Envelope)
      .filter((envelope) => envelope.aggregateId === orderId);
  }

  async inboxCount(messageId: string): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      this.database.kind === 'postgres'
        ? 'select 1 from inbox_message where message_id = $1'
        : 'select 1 from inbox_message where message_id = ?',
      [messageId],
    );
    return rows.length;
  }

  async close(): Promise<void> {
    try {
      await (this.app ?? this.module).close();
    } finally {
      await this.database.drop();
    }
  }
}
