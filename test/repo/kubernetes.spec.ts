import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IJob } from 'kubernetes-models/batch/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IPodSpec, IService } from 'kubernetes-models/v1';
import { parseEnv } from '@railyard/platform';
import { appEnvSchema, schemaVariables } from './support/app-env-schema';
import { containerEnv } from './support/container-env';
import { validateAgainstApiSchema } from './support/kubernetes-api-schemas';
import { decoded, K8sObject, kustomizeBuild, readEnvFile } from './support/kustomize-build';
import { parseLabelSelector } from './support/label-selector';
import {
  applications,
  envExample,
  GATEWAY,
  readRepoFile,
  repoRoot,
  variablePrefix,
} from './support/repo-facts';

/**
 * deploy/k8s, where no cluster, kubectl or kustomize runs: each overlay rendered by a minimal
 * kustomize (support/kustomize-build.ts), every object validated against the Kubernetes API
 * schemas, and the whole checked against the apps themselves: every app has its Deployment,
 * Service, PodDisruptionBudget and HorizontalPodAutoscaler, every service with a database its
 * migration Job; probes hit the paths and port the app serves; what each container is given is
 * what .env.example documents and what the app's own schema accepts once the placeholders are
 * filled, while each placeholder left in is refused at start.
 */
const k8s = join(repoRoot, 'deploy', 'k8s');
const overlays = readdirSync(join(k8s, 'overlays')).sort();
/** The name `npm run migration:run -- <service>` takes: order for order-service. */
const serviceKey = (app: string) => app.replace(/-service$/, '');

const PLACEHOLDER = 'REPLACE_ME';
/** What the Dockerfile's runtime stage sets for every app (checked below). */
const IMAGE_ENV = { NODE_ENV: 'production' };

/** A value a deployer might put in place of a placeholder, by the variable's shape. */
function filledIn(variable: string): string {
  if (variable.endsWith('_DATABASE_URL')) return 'postgres://railyard:s3cret@db.example:5432/app';
  if (variable === 'RABBITMQ_URL') return 'amqp://railyard:s3cret@rabbitmq.example:5672';
  return 'a-deployers-secret-value-of-more-than-32-characters';
}

/** The paths HealthController serves, by handler: { live: '/health/live', ready: ... }. */
function healthPaths(): Record<string, string> {
  const source = readRepoFile('libs/health/src/health.controller.ts');
  const prefix = /@Controller\('([^']+)'\)/.exec(source)![1];
  return Object.fromEntries(
    [...source.matchAll(/@Get\('([^']+)'\)[\s\S]*?\n\s+(?:async\s+)?(\w+)\(/g)].map(
      ([, path, handler]) => [handler, `/${prefix}/${path}`],
    ),
  );
}

const byKind = <T>(objects: K8sObject[], kind: string) =>
  objects.filter((object) => object.kind === kind) as unknown as Array<T & K8sObject>;
const named = <T>(objects: K8sObject[], kind: string, name: string) =>
  byKind<T>(objects, kind).find((object) => object.metadata.name === name);

/** Every pod spec of the rendered workloads, with where it comes from. */
const podSpecs = (objects: K8sObject[]) =>
  [...byKind<IDeployment>(objects, 'Deployment'), ...byKind<IJob>(objects, 'Job')].map(
    (workload) => ({ workload, spec: workload.spec!.template.spec! as IPodSpec }),
  );

/** The app a workload runs (its app.kubernetes.io/name label). */
const appOf = (workload: K8sObject) => workload.metadata.labels!['app.kubernetes.io/name'];

describe('deploy/k8s', () => {
  it('has an overlay per broker transport, none for TCP (it addresses one instance per service)', () => {
    expect(overlays).toEqual(['kafka', 'rabbitmq']);
  });

  it('leaves the transport to the overlays: the base names none', () => {
    const base = readEnvFile(join(k8s, 'base', 'config.env')).map(([name]) => name);
    expect(base).not.toContain('TRANSPORT');
    expect(base.filter((name) => /^(KAFKA|RABBITMQ)_/.test(name))).toEqual([]);
  });

  describe.each(overlays)('overlays/%s', (overlay) => {
    const objects = kustomizeBuild(join(k8s, 'overlays', overlay));
    const config = decoded(named<K8sObject>(objects, 'ConfigMap', 'railyard-config')!);
    const deployment = (app: string) => named<IDeployment>(objects, 'Deployment', app)!;
    const container = (app: string) => deployment(app).spec!.template.spec!.containers[0];

    it('renders objects that the Kubernetes API schemas accept, each kind and name once', () => {
      for (const object of objects) {
        expect(() => validateAgainstApiSchema(object)).not.toThrow();
      }
      const ids = objects.map(({ kind, metadata }) => `${kind}/${metadata.name}`);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('puts everything in the railyard namespace, which enforces the restricted Pod Security Standard', () => {
      const [namespace] = byKind<K8sObject>(objects, 'Namespace');
      expect(namespace.metadata.name).toBe('railyard');
      expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
      for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
        expect({
          id: `${object.kind}/${object.metadata.name}`,
          ns: object.metadata.namespace,
        }).toEqual({ id: `${object.kind}/${object.metadata.name}`, ns: 'railyard' });
      }
    });

    it(`runs its transport, ${overlay}, with the broker named in the config`, () => {
      expect(config.TRANSPORT).toBe(overlay);
      if (overlay === 'kafka') expect(config.KAFKA_BROKERS).toMatch(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/);
      for (const app of applications) {
        const sources = container(app).envFrom!.map(
          (s) => s.secretRef?.name ?? s.configMapRef?.name,
        );
        expect(sources).toEqual(['railyard-config', 'railyard-broker']);
      }
    });

    it.each(applications)(
      'runs %s: its Deployment, Service, disruption budget, autoscaler, and a migration Job if it has a database',
      async (app) => {
        const hasDatabase = schemaVariables(await appEnvSchema(app)).includes(
          `${variablePrefix(app)}_DATABASE_URL`,
        );
        for (const kind of [
          'Deployment',
          'Service',
          'PodDisruptionBudget',
          'HorizontalPodAutoscaler',
        ]) {
          expect({ kind, found: named(objects, kind, app) !== undefined }).toEqual({
            kind,
            found: true,
          });
        }
        expect(named(objects, 'Job', `${app}-migrations`) !== undefined).toBe(hasDatabase);
        const podLabels = deployment(app).spec!.template.metadata!.labels!;
        const selects = (selector: Record<string, string>) =>
          Object.entries(selector).every(([key, value]) => podLabels[key] === value);
        expect(selects(deployment(app).spec!.selector.matchLabels!)).toBe(true);
        expect(selects(named<IService>(objects, 'Service', app)!.spec!.selector!)).toBe(true);
        const budget = named<IPodDisruptionBudget>(objects, 'PodDisruptionBudget', app)!;
        expect(selects(budget.spec!.selector!.matchLabels!)).toBe(true);
        const autoscaler = named<IHorizontalPodAutoscaler>(
          objects,
          'HorizontalPodAutoscaler',
          app,
        )!;
        expect(autoscaler.spec!.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app,
        });
      },
    );

    it.each(applications)(
      'serves and probes %s on the HTTP port .env.example gives it, at the paths the app serves',
      (app) => {
        const port = Number(envExample[`${variablePrefix(app)}_HTTP_PORT`]);
        expect(Number(config[`${variablePrefix(app)}_HTTP_PORT`])).toBe(port);
        const { ports, readinessProbe, livenessProbe, startupProbe } = container(app);
        expect(ports).toEqual([{ name: 'http', containerPort: port }]);
        const paths = healthPaths();
        expect(readinessProbe!.httpGet).toEqual({ path: paths.ready, port: 'http' });
        expect(livenessProbe!.httpGet).toEqual({ path: paths.live, port: 'http' });
        expect(startupProbe!.httpGet).toEqual({ path: paths.live, port: 'http' });
        expect(paths).toMatchObject({ ready: '/health/ready', live: '/health/live' });
        expect(named<IService>(objects, 'Service', app)!.spec!.ports).toEqual([
          { name: 'http', port, targetPort: 'http' },
        ]);
        // The gateway reaches each service's /health/ready by its Service's name.
        if (app !== GATEWAY) expect(config[`${variablePrefix(app)}_HOST`]).toBe(app);
      },
    );

    it('gives every container an environment its app accepts once the placeholders are filled, and refuses each placeholder', async () => {
      for (const { workload, spec } of podSpecs(objects)) {
        const schema = await appEnvSchema(appOf(workload));
        const given = containerEnv(spec.containers[0] as never, objects);
        const placeholders = [...given].filter(([, entry]) => entry.value === PLACEHOLDER);
        const filled = Object.fromEntries(
          [...given].map(([name, { value }]) => [
            name,
            value === PLACEHOLDER ? filledIn(name) : value,
          ]),
        );
        const id = `${workload.kind}/${workload.metadata.name}`;
        expect({
          id,
          problem: problemOf(() => parseEnv(schema, { ...IMAGE_ENV, ...filled })),
        }).toEqual({ id, problem: undefined });
        for (const [name] of placeholders) {
          const left = { ...IMAGE_ENV, ...filled, [name]: PLACEHOLDER };
          expect({ id, name, problem: problemOf(() => parseEnv(schema, left)) }).toEqual({
            id,
            name,
            problem: expect.stringContaining(name),
          });
        }
      }
    });

    it('uses only variables that .env.example documents', () => {
      const names = [
        ...byKind<K8sObject>(objects, 'ConfigMap').flatMap((o) => Object.keys(decoded(o))),
        ...byKind<K8sObject>(objects, 'Secret').flatMap((o) => Object.keys(decoded(o))),
        ...podSpecs(objects)
          .flatMap(({ spec }) => spec.containers.flatMap((c) => c.env ?? []))
          .map((e) => e.name),
      ];
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect({ name, documented: name in envExample }).toEqual({ name, documented: true });
      }
    });

    it('keeps credentials in Secrets, and commits placeholders only', () => {
      for (const configMap of byKind<K8sObject>(objects, 'ConfigMap')) {
        for (const name of Object.keys(decoded(configMap))) {
          expect(name).not.toMatch(/SECRET|PASSWORD|DATABASE_URL|RABBITMQ_URL/);
        }
      }
      for (const secret of byKind<K8sObject>(objects, 'Secret')) {
        for (const [name, value] of Object.entries(decoded(secret))) {
          expect({ name, value }).toEqual({ name, value: PLACEHOLDER });
        }
      }
    });

    it.each(applications)(
      'gives %s its own database URL alone, from the Secret, and no migrations at start',
      async (app) => {
        const variable = `${variablePrefix(app)}_DATABASE_URL`;
        const hasDatabase = schemaVariables(await appEnvSchema(app)).includes(variable);
        const env = container(app).env ?? [];
        const urls = env.filter((e) => e.name.endsWith('_DATABASE_URL'));
        expect(urls).toEqual(
          hasDatabase
            ? [
                {
                  name: variable,
                  valueFrom: { secretKeyRef: { name: 'railyard-secrets', key: variable } },
                },
              ]
            : [],
        );
        const migrations = env.find((e) => e.name === 'MIGRATIONS');
        expect(migrations).toEqual(hasDatabase ? { name: 'MIGRATIONS', value: 'off' } : undefined);
      },
    );

    it('runs each migration Job as `npm run migration:run -- <service>` in its app image, bounded', () => {
      const jobs = byKind<IJob>(objects, 'Job');
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) {
        const app = appOf(job);
        expect(job.metadata.labels!['app.kubernetes.io/component']).toBe('migration');
        const spec = job.spec!.template.spec!;
        expect(spec.restartPolicy).toBe('Never');
        expect(job.spec!.backoffLimit).toBeGreaterThan(0);
        expect(job.spec!.activeDeadlineSeconds).toBeGreaterThan(0);
        const [migrate] = spec.containers;
        expect(migrate.command).toEqual(['npm', 'run', 'migration:run', '--', serviceKey(app)]);
        expect(migrate.image).toBe(container(app).image);
        expect(migrate.env).toEqual(
          container(app).env!.filter((e) => e.name.endsWith('_DATABASE_URL')),
        );
      }
    });

    it('finds the script the Jobs run in package.json', () => {
      expect(JSON.parse(readRepoFile('package.json')).scripts['migration:run']).toMatch(/ run$/);
    });

    it('applies, with the README’s first command, the migrations and what they read, and no app', () => {
      const command = new RegExp(
        `^kubectl apply -k deploy/k8s/overlays/${overlay} -l '([^']+)'$`,
        'm',
      ).exec(readRepoFile('README.md'));
      expect(command).not.toBeNull();
      const selects = parseLabelSelector(command![1]);
      const first = objects.filter((o) => selects(o.metadata.labels ?? {}));
      expect([...new Set(first.map((o) => o.kind))].sort()).toEqual([
        'ConfigMap',
        'Job',
        'Namespace',
        'Secret',
      ]);
      expect(first.filter((o) => o.kind === 'Job')).toEqual(byKind(objects, 'Job'));
      for (const { workload, spec } of podSpecs(first)) {
        expect(() => containerEnv(spec.containers[0] as never, first)).not.toThrow();
        expect(workload.kind).toBe('Job');
      }
    });

    it('scales each service between two pods and its partitions, each app losing one pod at a time', () => {
      const partitions = Number(
        overlay === 'kafka'
          ? (config.KAFKA_PARTITIONS ?? envExample.KAFKA_PARTITIONS)
          : (config.RABBITMQ_PARTITIONS ?? envExample.RABBITMQ_PARTITIONS),
      );
      for (const app of applications) {
        const { minReplicas, maxReplicas } = named<IHorizontalPodAutoscaler>(
          objects,
          'HorizontalPodAutoscaler',
          app,
        )!.spec!;
        expect(minReplicas).toBeGreaterThanOrEqual(2);
        expect(maxReplicas).toBeGreaterThanOrEqual(minReplicas!);
        // One consumer per partition or shard queue gets messages; the gateway consumes none.
        if (app !== GATEWAY) expect({ app, maxReplicas }).toEqual({ app, maxReplicas: partitions });
        const budget = named<IPodDisruptionBudget>(objects, 'PodDisruptionBudget', app)!;
        expect(budget.spec!.maxUnavailable).toBe(1);
        // The autoscaler owns the count; a replicas field would reset it at every apply.
        expect(deployment(app).spec!.replicas).toBeUndefined();
      }
    });

    it('runs every container as non-root on a read-only root, without privileges, within set resources', () => {
      expect(readRepoFile('Dockerfile')).toMatch(/^ENV NODE_ENV=production /m);
      for (const { workload, spec } of podSpecs(objects)) {
        const id = `${workload.kind}/${workload.metadata.name}`;
        expect({ id, pod: spec.securityContext, token: spec.automountServiceAccountToken }).toEqual(
          {
            id,
            pod: expect.objectContaining({
              runAsNonRoot: true,
              runAsUser: expect.any(Number),
              seccompProfile: { type: 'RuntimeDefault' },
            }),
            token: false,
          },
        );
        expect(spec.securityContext!.runAsUser).toBeGreaterThan(0);
        for (const c of spec.containers as IContainer[]) {
          expect({ id, security: c.securityContext }).toEqual({
            id,
            security: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          });
          expect(c.resources?.requests).toEqual({
            cpu: expect.any(String),
            memory: expect.any(String),
          });
          expect(c.resources?.limits?.memory).toEqual(expect.any(String));
          expect(c.image).toMatch(/^[\w.-]+(:\d+)?\/railyard\/[\w-]+:[\w.-]+$/);
        }
      }
    });
  });
});

/** The message parseEnv refuses an environment with, or undefined when it accepts it. */
function problemOf(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
