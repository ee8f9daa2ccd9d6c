import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, appConfigModule } from '@railyard/platform';
import { randomUUID } from 'node:crypto';
import { messagingEnvSchema } from '../config/messaging-env.schema';
import { MessagingOptions } from '../config/messaging-options';
import { messagingOptionsFromEnv } from '../config/messaging-options.from-config';
import { Transport } from '../transport/transport';
import { MessageBus } from './message-bus.service';
import { MessagingModule } from './messaging.module';
import { MESSAGING_OPTIONS, MESSAGING_TRANSPORT } from './messaging.tokens';

/** A feature module that does not import MessagingModule: the bus reaches it (global). */
@Injectable()
class Publisher {
  constructor(readonly bus: MessageBus) {}
}
@Module({ providers: [Publisher], exports: [Publisher] })
class FeatureModule {}

/** The TRANSPORT=memory settings of a broker of this spec's own. */
const memoryEnv = () => ({ TRANSPORT: 'memory', MESSAGING_MEMORY_BROKER: `spec-${randomUUID()}` });

describe('MessagingModule', () => {
  it("forRoot({ service }) takes the bus's section of the app's config, the chosen block only", async () => {
    const config = AppConfig.parse(messagingEnvSchema, {
      ...memoryEnv(),
      MESSAGING_REQUEST_TIMEOUT_MS: '1234',
      KAFKA_BROKERS: 'kafka-1:9092',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [appConfigModule(config), MessagingModule.forRoot({ service: 'order' })],
    }).compile();
    const options = moduleRef.get<MessagingOptions>(MESSAGING_OPTIONS);
    expect(options).toMatchObject({
      transport: 'memory',
      service: 'order',
      requestTimeoutMs: 1234,
      memory: { broker: config.all().MESSAGING_MEMORY_BROKER },
    });
    expect(['tcp', 'rabbitmq', 'kafka'].filter((block) => block in options)).toEqual([]);
    expect(moduleRef.get<Transport>(MESSAGING_TRANSPORT).name).toBe('memory');
    await moduleRef.close();
  });

  it('forRoot({ service }) without validatedConfigModule says to import it', async () => {
    await expect(
      Test.createTestingModule({
        imports: [MessagingModule.forRoot({ service: 'order' })],
      }).compile(),
    ).rejects.toThrow(/@railyard\/messaging .*import validatedConfigModule\(<app schema>\)/);
  });

  it("forRoot({ service }) names the bus's schema when the app's leaves it out", async () => {
    const config = AppConfig.parse(messagingEnvSchema.pick({ TRANSPORT: true }), {});
    await expect(
      Test.createTestingModule({
        imports: [appConfigModule(config), MessagingModule.forRoot({ service: 'order' })],
      }).compile(),
    ).rejects.toThrow(/@railyard\/messaging reads .*KAFKA_BROKERS/);
  });

  it('forRoot({ options }) takes resolved settings whole, no app config needed', async () => {
    const options = messagingOptionsFromEnv('probe', memoryEnv());
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot({ options }), FeatureModule],
    }).compile();
    expect(moduleRef.get(MESSAGING_OPTIONS)).toBe(options);
    expect(moduleRef.get(Publisher).bus.service).toBe('probe');
    await moduleRef.close();
  });

  it('forRootAsync computes the module options from injected providers', async () => {
    const config = AppConfig.parse(messagingEnvSchema, memoryEnv());
    const moduleRef = await Test.createTestingModule({
      imports: [
        appConfigModule(config),
        MessagingModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (app: AppConfig) => ({ service: `tool-${app.all().TRANSPORT}` }),
        }),
      ],
    }).compile();
    expect(moduleRef.get<MessagingOptions>(MESSAGING_OPTIONS).service).toBe('tool-memory');
    await moduleRef.close();
  });

  it('refuses a factory that returns resolved settings instead of module options', async () => {
    const options = messagingOptionsFromEnv('probe', memoryEnv());
    await expect(
      Test.createTestingModule({
        imports: [MessagingModule.forRootAsync({ useFactory: () => options })],
      }).compile(),
    ).rejects.toThrow('resolved settings go in { options: … }');
  });

  it('connects at bootstrap and closes the transport at shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({ options: messagingOptionsFromEnv('probe', memoryEnv()) }),
      ],
    }).compile();
    const transport = moduleRef.get<Transport>(MESSAGING_TRANSPORT);
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await transport.connect();
    expect(transport.status().connected).toBe(true);
    await app.close();
    expect(transport.status().connected).toBe(false);
  });
});
