import { INestApplication } from '@nestjs/common';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Charge, Refund, SetAccount } from '@railyard/contracts';
import {
  connectBus,
  createEnvelope,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { OutboxRelay, PersistenceModule } from '@railyard/persistence';
import { createTestDatabase, DatabaseKind, TestDatabase } from '../../../../test/support/database';
import { ChargeCommand } from '../charge/charge.command';
import { paymentDatabase } from '../database/payment-database';
import { PaymentModule } from '../payment.module';
import { RefundCommand } from '../refund/refund.command';
import { SetAccountCommand } from '../set-account/set-account.command';
import { asReceived } from '../../../../test/support/as-received';
import { paymentEnvSchema } from '../config/payment.config';
import { validatedConfigModule } from '@railyard/platform';

/** Headers a saga would put on a command: the reply-* ones must come back on the answer. */
export const SAGA_HEADERS = { 'reply-saga-id': 'saga-1', 'reply-step': 'payment', 'x-trace': 't' };

/**
 * payment-service's real modules on a fresh database of `kind`, for integration specs. The bus is
 * client-only TCP with no peers: the outbox relay runs and publishes to nobody, and specs read
 * what was emitted from outbox_message.
 */
export class PaymentTestApp {
  private constructor(
    readonly app: INestApplication,
    private readonly database: TestDatabase,
  ) {}

  /**
   * With `tcpPort`, the app also serves its handlers over TCP on that port (as `npm start` does),
   * for specs that talk to it through a real bus client.
   */
  static async start(kind: DatabaseKind, { tcpPort }: { tcpPort?: number } = {}) {
    const database = await createTestDatabase(kind, 'payment');
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          validatedConfigModule(paymentEnvSchema, database.env),
          MessagingModule.forRootAsync({
            useFactory: () => {
              const options = messagingOptionsFromEnv('payment', { TRANSPORT: 'tcp' });
              const peers = tcpPort ? [{ name: 'payment', host: '127.0.0.1', port: tcpPort }] : [];
              return { options: { ...options, tcp: { ...options.tcp, port: tcpPort, peers } } };
            },
          }),
          PersistenceModule.forRoot(paymentDatabase),
          CqrsModule.forRoot(),
          PaymentModule,
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: ['error'] });
      if (tcpPort) connectBus(app);
      await app.init();
      if (tcpPort) await app.startAllMicroservices();
      return new PaymentTestApp(app, database);
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  get kind(): DatabaseKind {
    return this.database.kind;
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  get commandBus(): CommandBus {
    return this.app.get(CommandBus);
  }

  get queryBus(): QueryBus {
    return this.app.get(QueryBus);
  }

  chargeEnvelope(payload: Charge, headers = SAGA_HEADERS): Envelope<Charge> {
    return createEnvelope({
      type: Charge.type,
      payload,
      aggregateId: payload.orderId,
      headers,
    });
  }

  refundEnvelope(payload: Refund, headers = SAGA_HEADERS): Envelope<Refund> {
    return createEnvelope({
      type: Refund.type,
      payload,
      aggregateId: payload.orderId,
      headers,
    });
  }

  /** Handles a Charge as the bus would; returns its envelope (to match the answer by cause). */
  async charge(payload: Charge, envelope = this.chargeEnvelope(payload)): Promise<Envelope> {
    const valid = asReceived(Charge, envelope.payload);
    await this.commandBus.execute(new ChargeCommand({ ...envelope, payload: valid }));
    return envelope;
  }

  async refund(payload: Refund, envelope = this.refundEnvelope(payload)): Promise<Envelope> {
    const valid = asReceived(Refund, envelope.payload);
    await this.commandBus.execute(new RefundCommand({ ...envelope, payload: valid }));
    return envelope;
  }

  setAccount(customerId: string, balance: number) {
    const payload = { customerId, balance };
    const envelope = createEnvelope({ type: SetAccount.type, payload });
    return this.commandBus.execute(new SetAccountCommand(envelope));
  }

  /** Everything the service emitted, in outbox order. */
  async emitted(): Promise<Envelope[]> {
    const rows: { envelope: string }[] = await this.dataSource.query(
      'SELECT envelope FROM outbox_message ORDER BY sequence',
    );
    return rows.map((row) => JSON.parse(row.envelope) as Envelope);
  }

  /** The events emitted in answer to one command. */
  async answersTo(command: Envelope): Promise<Envelope[]> {
    return (await this.emitted()).filter((event) => event.causationId === command.messageId);
  }

  async balance(customerId: string): Promise<number | null> {
    const rows: { balance: string | number }[] = await this.dataSource.query(
      `SELECT balance FROM account WHERE customer_id = ${this.param(1)}`,
      [customerId],
    );
    return rows.length === 0 ? null : Number(rows[0].balance);
  }

  async count(table: string, where = '1 = 1', parameters: unknown[] = []): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
      parameters,
    );
    return Number(rows[0].n);
  }

  /** Positional parameter syntax of the database under test. */
  param(index: number): string {
    return this.kind === 'postgres' ? `$${index}` : '?';
  }

  async close(): Promise<void> {
    // Stop the relay first: it otherwise stops after TypeORM closed the DataSource and logs a
    // failed query (reported to libs/persistence).
    await this.app.get(OutboxRelay).beforeApplicationShutdown();
    await this.app.close();
    await this.database.drop();
  }
}
