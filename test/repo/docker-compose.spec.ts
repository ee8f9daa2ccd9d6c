import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs where CI does, so the compose file is checked by reading it: every app is
 * there, built from the one Dockerfile, with health checks, and its ports and variables agree with
 * .env.example and nest-cli.json.
 */
const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const envExample = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .map((line) => /^#? ?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1], match[2]]),
);
const apps = Object.entries(
  JSON.parse(read('nest-cli.json')).projects as Record<string, { type: string }>,
)
  .filter(([, project]) => project.type === 'application')
  .map(([name]) => name);

describe('docker-compose.yml', () => {
  it('runs Kafka in KRaft mode, RabbitMQ with management, and PostgreSQL, each health-checked', () => {
    const { kafka, rabbitmq, postgres } = compose.services;
    expect(kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(rabbitmq.image).toMatch(/^rabbitmq:.*management/);
    expect(postgres.image).toMatch(/^postgres:/);
    for (const broker of [kafka, rabbitmq, postgres]) expect(broker.healthcheck).toBeDefined();
  });

  it.each(apps)(
    'builds %s from the one Dockerfile, with a health check and TRANSPORT passed through',
    (app) => {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.build?.context).toBe('.');
      expect(service.build?.args?.APP).toBe(app);
      expect(service.environment?.TRANSPORT).toBe('${TRANSPORT:-tcp}');
      expect(service.healthcheck?.test.join(' ')).toMatch(/\/health/);
    },
  );

  it('uses only variables that .env.example documents', () => {
    for (const app of apps) {
      for (const name of Object.keys(compose.services[app].environment ?? {})) {
        expect({ app, name, documented: name in envExample }).toEqual({
          app,
          name,
          documented: true,
        });
      }
    }
  });

  it('publishes each app on the HTTP port .env.example gives it', () => {
    for (const app of apps) {
      const prefix =
        app === 'api-gateway'
          ? 'GATEWAY'
          : app
              .replace(/-service$/, '')
              .toUpperCase()
              .replace(/-/g, '_');
      const port = envExample[`${prefix}_HTTP_PORT`];
      expect(port).toMatch(/^\d+$/);
      expect(compose.services[app].ports).toContain(`${port}:${port}`);
      expect(String(compose.services[app].environment?.[`${prefix}_HTTP_PORT`])).toBe(port);
    }
  });

  it('points each TCP peer at its compose service, on the port .env.example gives it', () => {
    const env = compose.services['order-service'].environment ?? {};
    for (const app of apps.filter((a) => a !== 'api-gateway')) {
      const prefix = app
        .replace(/-service$/, '')
        .toUpperCase()
        .replace(/-/g, '_');
      expect(env[`${prefix}_HOST`]).toBe(app);
      expect(String(env[`${prefix}_TCP_PORT`])).toBe(envExample[`${prefix}_TCP_PORT`]);
    }
  });

  it('publishes no broker, database or admin console to the host (only the apps)', () => {
    for (const broker of ['kafka', 'rabbitmq', 'postgres']) {
      expect({ broker, ports: compose.services[broker].ports }).toEqual({
        broker,
        ports: undefined,
      });
    }
  });

  it('runs PostgreSQL and RabbitMQ with passwords from the environment, never trust or guest', () => {
    const text = read('docker-compose.yml');
    expect(text).not.toMatch(/POSTGRES_HOST_AUTH_METHOD:\s*trust/);
    expect(text).not.toMatch(/guest:guest/);
    const { postgres, rabbitmq } = compose.services;
    // `${VAR:?message}`: compose refuses to start without it, rather than fall back to a default.
    expect(postgres.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    expect(rabbitmq.environment?.RABBITMQ_DEFAULT_PASS).toMatch(/^\$\{RABBITMQ_PASSWORD:\?.+\}$/);
    for (const app of apps) {
      expect(String(compose.services[app].environment?.RABBITMQ_URL)).toContain(
        '${RABBITMQ_PASSWORD',
      );
    }
  });

  it('gives the gateway its token secret from the environment, with no default', () => {
    const gateway = compose.services['api-gateway'];
    expect(gateway.environment?.AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?.+\}$/);
    expect(read('docker-compose.yml')).not.toContain('railyard-development-secret');
  });

  it('gives every app the TCP bus secret from the environment, with no default', () => {
    for (const app of apps) {
      expect(compose.services[app].environment?.BUS_SECRET).toMatch(/^\$\{BUS_SECRET:\?.+\}$/);
    }
  });
});
