import { parse } from 'yaml';
import { parseEnv } from '@railyard/platform';
import { appEnvSchema, schemaVariables } from './support/app-env-schema';
import { interpolate } from './support/compose-interpolation';
import {
  applications,
  envExample,
  GATEWAY,
  readRepoFile,
  variablePrefix,
} from './support/repo-facts';

/**
 * No Docker engine runs where CI does, so the compose file is checked by reading it: every app is
 * there, built from the one Dockerfile, with health checks; each transport's profile starts what
 * the apps wait for (and plain `up`, on TCP, no broker); every service with a database is on
 * PostgreSQL; what compose gives each app is what .env.example documents and what the app's own
 * schema accepts; Kafka answers both the compose network and the host.
 */
interface Dependency {
  condition?: string;
  required?: boolean;
}

interface ComposeService {
  image?: string;
  profiles?: string[];
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  container_name?: string;
  depends_on?: Record<string, Dependency> | string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = applications.filter((app) => app !== GATEWAY);

const service = (name: string) => compose.services[name];
const environment = (name: string) => service(name).environment ?? {};
const dependencies = (name: string): Record<string, Dependency> => {
  const dependsOn = service(name).depends_on ?? {};
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((dependency) => [dependency, {}]))
    : dependsOn;
};

/** The secrets compose refuses to start without, as someone's .env would give them. */
const SECRETS = {
  POSTGRES_PASSWORD: 'sample-postgres-password',
  RABBITMQ_PASSWORD: 'sample-rabbitmq-password',
  AUTH_JWT_SECRET: 'sample-token-secret-of-at-least-32-characters',
  BUS_SECRET: 'sample-bus-secret-of-at-least-32-characters',
};
/** What the Dockerfile's runtime stage sets for every app (checked below) before compose's. */
const IMAGE_ENV = { NODE_ENV: 'production' };

/** What compose passes to `name`'s container, interpolated. */
function containerEnv(name: string, shell: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment(name)).map(([key, value]) => [
      key,
      interpolate(String(value), { ...SECRETS, ...shell }),
    ]),
  );
}

/** The services a `docker compose --profile …` run enables: those without profiles, and these. */
const enabledWith = (profiles: string[]) =>
  new Set(
    Object.entries(compose.services)
      .filter(([, s]) => !s.profiles || s.profiles.some((profile) => profiles.includes(profile)))
      .map(([name]) => name),
  );

/** Name → address of a Kafka listener list (`INTERNAL://kafka:9092,HOST://…`). */
const listeners = (list: string) =>
  new Map(
    list.split(',').map((entry) => {
      const [, name, address] = /^([A-Z_]+):\/\/(.*)$/.exec(entry)!;
      return [name, address] as const;
    }),
  );

describe('docker-compose.yml', () => {
  it('runs each broker under the profile of its transport and PostgreSQL always, current and health-checked', () => {
    const { kafka, rabbitmq, postgres } = compose.services;
    expect(kafka.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.profiles).toEqual(['kafka']);
    expect(rabbitmq.image).toMatch(/^rabbitmq:4\.\d+-management$/);
    expect(rabbitmq.profiles).toEqual(['rabbitmq']);
    expect(postgres.image).toMatch(/^postgres:17(\.|$)/);
    expect(postgres.profiles).toBeUndefined();
    for (const broker of [kafka, rabbitmq, postgres]) expect(broker.healthcheck).toBeDefined();
  });

  it('gives Kafka a listener for the compose network and one for the host, each advertising what its side reaches', () => {
    const shells: Array<Record<string, string>> = [{}, { KAFKA_HOST_PORT: '39092' }];
    for (const shell of shells) {
      const env = containerEnv('kafka', shell);
      const bound = listeners(env.KAFKA_LISTENERS);
      const advertised = listeners(env.KAFKA_ADVERTISED_LISTENERS);
      const protocols = env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.split(',').map(
        (pair) => pair.split(':')[0],
      );
      for (const name of bound.keys()) expect(protocols).toContain(name);
      const appsSee = containerEnv('order-service').KAFKA_BROKERS;
      const [internal] = [...advertised].find(([, address]) => address === appsSee)!;
      expect(appsSee).toBe('kafka:9092');
      expect(bound.get(internal)).toBe(':9092');
      expect(env.KAFKA_INTER_BROKER_LISTENER_NAME).toBe(internal);
      // The host's: advertised on loopback at the port published for it, to that listener.
      const [host, address] = [...advertised].find(([name]) => name !== internal)!;
      const published = service('kafka').ports!.map((port) => interpolate(port, shell));
      const [, hostPort] = /^127\.0\.0\.1:(\d+)$/.exec(address)!;
      expect(published).toEqual([`127.0.0.1:${hostPort}:${bound.get(host)!.replace(':', '')}`]);
      expect(hostPort).toBe(shell.KAFKA_HOST_PORT ?? '29092');
    }
  });

  it.each(applications)(
    'builds %s from the one Dockerfile, health-checked on its own port, TRANSPORT passed through',
    (app) => {
      const port = String(environment(app)[`${variablePrefix(app)}_HTTP_PORT`]);
      expect(port).toBe(envExample[`${variablePrefix(app)}_HTTP_PORT`]);
      expect(service(app).build?.context).toBe('.');
      expect(service(app).build?.args?.APP).toBe(app);
      expect(environment(app).TRANSPORT).toBe('${TRANSPORT:-tcp}');
      expect(service(app).expose).toEqual([port]);
      expect(service(app).healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/health/`);
    },
  );

  it('publishes only the gateway to the host, so any service scales (--scale)', () => {
    const port = String(environment(GATEWAY).GATEWAY_HTTP_PORT);
    expect(service(GATEWAY).ports).toEqual([`${port}:${port}`]);
    for (const name of services) {
      expect({ name, ports: service(name).ports }).toEqual({ name, ports: undefined });
      expect(service(name).container_name).toBeUndefined();
    }
  });

  it('publishes every other port on loopback only', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (applications.includes(name)) continue;
      for (const port of s.ports ?? [])
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
  });

  it.each([
    ['tcp', []],
    ['kafka', ['kafka']],
    ['rabbitmq', ['rabbitmq']],
  ])(
    'on %s (profiles %j): the apps wait for its broker, and for none that is off',
    (transport, profiles) => {
      const enabled = enabledWith(profiles);
      const brokers = ['kafka', 'rabbitmq'];
      for (const broker of brokers) expect(enabled.has(broker)).toBe(broker === transport);
      for (const app of applications) {
        expect(enabled.has(app)).toBe(true);
        for (const broker of brokers) {
          // Compose refuses a project whose required dependency is disabled by its profile.
          expect({ app, broker, dependency: dependencies(app)[broker] }).toEqual({
            app,
            broker,
            dependency: { condition: 'service_healthy', required: false },
          });
        }
        for (const [name, dependency] of Object.entries(dependencies(app))) {
          expect({ app, name, usable: enabled.has(name) || dependency.required === false }).toEqual(
            { app, name, usable: true },
          );
        }
      }
    },
  );

  it('puts every service with a database on PostgreSQL: its own database, created with the cluster, migrated at start', async () => {
    const postgres = containerEnv('postgres');
    const init = readRepoFile('deploy/compose/postgres-init/01-databases.sql');
    expect(service('postgres').volumes).toContain(
      './deploy/compose/postgres-init:/docker-entrypoint-initdb.d:ro',
    );
    const databases: string[] = [];
    for (const app of applications) {
      const variables = schemaVariables(await appEnvSchema(app));
      const variable = `${variablePrefix(app)}_DATABASE_URL`;
      const urls = Object.keys(environment(app)).filter((key) => key.endsWith('_DATABASE_URL'));
      if (!variables.includes(variable)) {
        expect({ app, urls }).toEqual({ app, urls: [] });
        continue;
      }
      expect({ app, urls }).toEqual({ app, urls: [variable] });
      const url = new URL(containerEnv(app)[variable]);
      expect(url.protocol).toBe('postgres:');
      expect(url.host).toBe('postgres:5432');
      expect(url.username).toBe(postgres.POSTGRES_USER);
      expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
      const database = url.pathname.slice(1);
      databases.push(database);
      expect(init).toMatch(new RegExp(`^CREATE DATABASE ${database};$`, 'm'));
      expect(environment(app).MIGRATIONS).toBe('auto');
      expect(dependencies(app).postgres).toEqual({ condition: 'service_healthy' });
    }
    expect(databases.length).toBeGreaterThan(0);
    expect(new Set(databases).size).toBe(databases.length);
  });

  it.each(['tcp', 'kafka', 'rabbitmq'])(
    'gives every app an environment its own schema accepts, on %s',
    async (transport) => {
      expect(readRepoFile('Dockerfile')).toMatch(/^ENV NODE_ENV=production /m);
      for (const app of applications) {
        const env: Record<string, string> = {
          ...IMAGE_ENV,
          ...containerEnv(app, { TRANSPORT: transport }),
        };
        expect(env.TRANSPORT).toBe(transport);
        const schema = await appEnvSchema(app);
        expect(() => parseEnv(schema, env)).not.toThrow();
      }
    },
  );

  it('uses only variables that .env.example documents', () => {
    for (const app of applications) {
      for (const name of Object.keys(environment(app))) {
        expect({ app, name, documented: name in envExample }).toEqual({
          app,
          name,
          documented: true,
        });
      }
    }
  });

  it('points each TCP peer at its compose service, on the port .env.example gives it', () => {
    const env = environment('order-service');
    for (const app of services) {
      expect(env[`${variablePrefix(app)}_HOST`]).toBe(app);
      expect(String(env[`${variablePrefix(app)}_TCP_PORT`])).toBe(
        envExample[`${variablePrefix(app)}_TCP_PORT`],
      );
    }
  });

  it('runs PostgreSQL and RabbitMQ with passwords from the environment, never trust or guest', () => {
    const text = readRepoFile('docker-compose.yml');
    expect(text).not.toMatch(/POSTGRES_HOST_AUTH_METHOD:\s*trust/);
    expect(text).not.toMatch(/guest:guest/);
    // `${VAR:?message}`: compose refuses to start without it, rather than fall back to a default.
    expect(environment('postgres').POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    expect(environment('rabbitmq').RABBITMQ_DEFAULT_PASS).toMatch(/^\$\{RABBITMQ_PASSWORD:\?.+\}$/);
    for (const app of applications) {
      expect(String(environment(app).RABBITMQ_URL)).toContain('${RABBITMQ_PASSWORD:?');
    }
  });

  it('gives the gateway its token secret from the environment, with no default', () => {
    expect(environment(GATEWAY).AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?.+\}$/);
    expect(readRepoFile('docker-compose.yml')).not.toContain('railyard-development-secret');
  });

  it('gives every app the TCP bus secret from the environment, with no default', () => {
    for (const app of applications) {
      expect(environment(app).BUS_SECRET).toMatch(/^\$\{BUS_SECRET:\?.+\}$/);
    }
  });
});
