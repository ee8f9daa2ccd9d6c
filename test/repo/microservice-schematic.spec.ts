import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostTree } from '@angular-devkit/schematics';
import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing';
import { parse } from 'yaml';

/**
 * `nest g microservice` (schematics/microservice) run by SchematicTestRunner in memory: what it
 * creates, how it edits each shared file, what it refuses. The detailed cases run over fixtures
 * (trimmed copies of the repo files, so a service generated here later changes no expectation);
 * one case runs over the repo's own files. test/e2e/generate-service.spec.ts builds and starts
 * what it generates.
 */
const root = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures', 'microservice');
const EDITED = [
  'nest-cli.json',
  'libs/contracts/src/services.ts',
  'libs/contracts/src/messages.ts',
  '.env.example',
  'docker-compose.yml',
  'deploy/compose/postgres-init/01-databases.sql',
  'deploy/k8s/base/kustomization.yaml',
  'deploy/k8s/base/config.env',
  'deploy/k8s/base/secrets.env',
  'README.md',
  'test/support/system.ts',
];
const K8S = 'deploy/k8s/base';
const MANIFESTS = [
  'deployment.yaml',
  'service.yaml',
  'pod-disruption-budget.yaml',
  'horizontal-pod-autoscaler.yaml',
  'migration-job.yaml',
  'kustomization.yaml',
];
const TIMESTAMP = 1770000000000;
const APP = 'apps/shipping-service';

const runner = new SchematicTestRunner('railyard', join(root, 'schematics', 'collection.json'));

type Edit = (path: string, text: string) => string;

/** The fixtures as a tree, each file optionally edited first. */
function repoTree(edit: Edit = (_, text) => text, read = readFixture): UnitTestTree {
  const tree = new UnitTestTree(new HostTree());
  for (const path of EDITED) tree.create(path, edit(path, read(path)));
  return tree;
}

function readFixture(path: string): string {
  return readFileSync(join(fixtures, `${path}.fixture`), 'utf8');
}

/** Unformatted: Prettier 3 cannot load inside Jest's VM; the e2e test checks the formatting. */
const generate = (name: string, tree = repoTree()) =>
  runner.runSchematic('microservice', { name, timestamp: TIMESTAMP, format: false }, tree);

/** Every line of `before` is still in `after`, in order: the edit only added lines. */
function onlyAdded(before: string, after: string): string[] {
  const added: string[] = [];
  const old = before.split('\n');
  let next = 0;
  for (const line of after.split('\n')) {
    if (next < old.length && line === old[next]) next += 1;
    else added.push(line);
  }
  expect({ missingFromEdit: old.slice(next) }).toEqual({ missingFromEdit: [] });
  return added;
}

interface ComposeFile {
  'x-app-env': Record<string, string>;
  services: Record<string, unknown>;
  volumes: Record<string, unknown>;
}

describe('nest g microservice shipping', () => {
  let tree: UnitTestTree;
  const original = repoTree();
  const read = (path: string) => tree.readContent(path);

  beforeAll(async () => {
    tree = await generate('shipping');
  });

  const created = () => tree.files.filter((path) => !EDITED.includes(path.slice(1))).sort();

  it('creates the app in the house layout, its contracts and its e2e spec', () => {
    expect(created()).toEqual(
      [
        `${APP}/tsconfig.app.json`,
        `${APP}/src/main.ts`,
        `${APP}/src/shipping-service.module.ts`,
        `${APP}/src/shipping.module.ts`,
        `${APP}/src/shipping.int-spec.ts`,
        `${APP}/src/config/shipping.config.ts`,
        `${APP}/src/database/shipping.model.ts`,
        `${APP}/src/database/shipping.data-source.ts`,
        `${APP}/src/database/migrations/${TIMESTAMP}-shipping-schema.ts`,
        `${APP}/src/database/shipping.entity.ts`,
        `${APP}/src/domain/shipping-rules.ts`,
        `${APP}/src/domain/shipping-rules.spec.ts`,
        `${APP}/src/shared/open-shipping.ts`,
        `${APP}/src/create-shipping/create-shipping.command.ts`,
        `${APP}/src/create-shipping/create-shipping.handler.ts`,
        `${APP}/src/create-shipping/create-shipping.message.controller.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.command.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.handler.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.message.controller.ts`,
        'libs/contracts/src/shipping/shipping.messages.ts',
        'libs/contracts/src/shipping/shipping.messages.spec.ts',
        'test/e2e/shipping-service.e2e.spec.ts',
        ...MANIFESTS.map((file) => `${K8S}/shipping-service/${file}`),
      ]
        .map((path) => `/${path}`)
        .sort(),
    );
    for (const path of created()) {
      expect({ path, leftover: /<%|__\w+__/.test(read(path) + path) }).toEqual({
        path,
        leftover: false,
      });
    }
  });

  it('wires main.ts, the config schema and the database the way order-service does', () => {
    expect(read(`${APP}/src/main.ts`)).toContain("runService('shipping-service'");
    expect(read(`${APP}/src/main.ts`)).toContain("config.get('SHIPPING_HTTP_PORT')");
    const config = read(`${APP}/src/config/shipping.config.ts`);
    for (const part of [
      'commonEnvSchema',
      '.merge(messagingEnvSchema)',
      ".merge(persistenceEnvSchema('shipping'))",
      'SHIPPING_HTTP_PORT: envPort().default(SERVICES.shipping.httpPort)',
    ]) {
      expect(config).toContain(part);
    }
    const serviceModule = read(`${APP}/src/shipping-service.module.ts`);
    expect(serviceModule).toContain("MessagingModule.forRoot({ service: 'shipping' })");
    expect(serviceModule).toContain('HealthModule.forRoot({ checks: [DatabaseHealthIndicator] })');
    expect(read(`${APP}/src/shipping.module.ts`)).toContain(
      "PersistenceModule.forRoot({ service: 'shipping', ...shippingModel })",
    );
    expect(read(`${APP}/src/database/shipping.model.ts`)).toContain(
      `migrations: [ShippingSchema${TIMESTAMP}]`,
    );
    // What `npm run migration:* -- shipping` finds: the model and schema the service starts with.
    const dataSource = read(`${APP}/src/database/shipping.data-source.ts`);
    expect(dataSource).toContain(
      "serviceDataSource(\n  'shipping',\n  shippingModel,\n  AppConfig.parse(shippingEnvSchema, process.env),\n)",
    );
    expect(read(`${APP}/tsconfig.app.json`)).toContain(
      '"outDir": "../../dist/apps/shipping-service"',
    );
  });

  it('adds the project to nest-cli.json after the last application, nothing else changed', () => {
    const before = JSON.parse(original.readContent('nest-cli.json'));
    const after = JSON.parse(read('nest-cli.json'));
    expect(after.projects['shipping-service']).toEqual({
      type: 'application',
      root: APP,
      entryFile: 'main',
      sourceRoot: `${APP}/src`,
      compilerOptions: { tsConfigPath: `${APP}/tsconfig.app.json` },
    });
    const types = Object.values(after.projects).map((p) => (p as { type: string }).type);
    expect(types.lastIndexOf('application')).toBeLessThan(types.indexOf('library'));
    delete after.projects['shipping-service'];
    expect(after).toEqual(before);
    onlyAdded(original.readContent('nest-cli.json'), read('nest-cli.json'));
  });

  it('registers the service in SERVICES on the next free ports and exports its contracts', () => {
    expect(
      onlyAdded(
        original.readContent('libs/contracts/src/services.ts'),
        read('libs/contracts/src/services.ts'),
      ),
    ).toEqual(['  shipping: { httpPort: 3004, tcpPort: 4004 },']);
    expect(
      onlyAdded(
        original.readContent('libs/contracts/src/messages.ts'),
        read('libs/contracts/src/messages.ts'),
      ),
    ).toEqual(["export * from './shipping/shipping.messages';"]);
    expect(read('libs/contracts/src/messages.ts')).toMatch(
      /^export \* from '\.\/payment\/payment\.messages';\nexport \* from '\.\/shipping\/shipping\.messages';$/m,
    );
  });

  it('defines its messages once, as contracts, and takes payloads through their pipes', () => {
    const messages = read('libs/contracts/src/shipping/shipping.messages.ts');
    for (const part of [
      "import { z } from 'zod/v4';",
      'export const CreateShipping = defineCommand({',
      "type: 'shipping.create'",
      'result: shippingView,',
      'export type CreateShipping = z.output<typeof CreateShipping.payload>;',
      'export const ShippingCreated = defineEvent({',
      "type: 'shipping.created'",
      'export type ShippingCreated = z.output<typeof ShippingCreated.payload>;',
      'export type ShippingView = z.output<typeof shippingView>;',
    ]) {
      expect(messages).toContain(part);
    }
    expect(read(`${APP}/src/create-shipping/create-shipping.message.controller.ts`)).toContain(
      '@Payload(new ContractPipe(CreateShipping)) payload: CreateShipping',
    );
    const subscription = read(
      `${APP}/src/open-shipping-for-order/open-shipping-for-order.message.controller.ts`,
    );
    expect(subscription).toContain('@EventPattern(OrderConfirmed.type)');
    expect(subscription).toContain(
      '@Payload(new ContractPipe(OrderConfirmed)) payload: OrderConfirmed',
    );
    expect(read(`${APP}/src/shared/open-shipping.ts`)).toMatch(
      /outbox\.emit\(\s*tx,\s*ShippingCreated,/,
    );
    for (const path of created()) {
      expect({ path, parsesByHand: /parsePayload|\.schema'/.test(read(path)) }).toEqual({
        path,
        parsesByHand: false,
      });
    }
  });

  it('documents the ports, the host and the database URL in .env.example', () => {
    const added = onlyAdded(original.readContent('.env.example'), read('.env.example'));
    expect(added).toEqual([
      '# shipping-service HTTP port, TCP transport port, and host others reach it at',
      'SHIPPING_HTTP_PORT=3004',
      'SHIPPING_TCP_PORT=4004',
      'SHIPPING_HOST=127.0.0.1',
      '# SHIPPING_DATABASE_URL=postgres://postgres@127.0.0.1:5432/shipping',
    ]);
    expect(read('.env.example')).toMatch(/^PAYMENT_HOST=.*\n# shipping-service HTTP port/m);
  });

  it('adds a compose service that mirrors the existing ones, its database and its peer variables', () => {
    const before = original.readContent('docker-compose.yml');
    const added = onlyAdded(before, read('docker-compose.yml'));
    const payment = /^ {2}payment-service:\n(?: {4}.*\n)+/m.exec(before)![0];
    const mirrored = payment
      .replace('/payments', '/shipping')
      .replace(/payment/g, 'shipping')
      .replace(/PAYMENT/g, 'SHIPPING')
      .replace(/3003/g, '3004');
    expect(added).toEqual([
      '  SHIPPING_HOST: shipping-service',
      '  SHIPPING_TCP_PORT: "4004"',
      // (a blank line, then the entry; the diff reads it as the entry, then a blank line)
      ...mirrored.trimEnd().split('\n'),
      '',
      '  shipping-data:',
    ]);
    const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
    expect(compose.services['shipping-service']).toMatchObject({
      build: { context: '.', args: { APP: 'shipping-service' } },
      environment: {
        TRANSPORT: '${TRANSPORT:-tcp}',
        MIGRATIONS: 'auto',
        SHIPPING_HTTP_PORT: '3004',
        SHIPPING_DATABASE_URL: expect.stringMatching(/@postgres:5432\/shipping$/),
      },
      expose: ['3004'],
      volumes: ['shipping-data:/data'],
    });
    expect(compose.services['shipping-service']).not.toHaveProperty('ports');
    expect(compose['x-app-env']).toMatchObject({
      SHIPPING_HOST: 'shipping-service',
      SHIPPING_TCP_PORT: '4004',
    });
    expect(Object.keys(compose.volumes)).toContain('shipping-data');
    const databases = 'deploy/compose/postgres-init/01-databases.sql';
    expect(onlyAdded(original.readContent(databases), read(databases))).toEqual([
      'CREATE DATABASE shipping;',
    ]);
  });

  it("adds Kubernetes manifests that mirror payment-service's, wired into the base", () => {
    for (const file of MANIFESTS) {
      const payment = readFileSync(join(root, K8S, 'payment-service', file), 'utf8');
      const mirrored = payment
        .replace(/payment-service/g, 'shipping-service')
        .replace(/PAYMENT/g, 'SHIPPING')
        .replace(/3003/g, '3004')
        .replace('"--", "payment"]', '"--", "shipping"]');
      expect({ file, text: read(`${K8S}/shipping-service/${file}`) }).toEqual({
        file,
        text: mirrored,
      });
    }
    const kustomization = `${K8S}/kustomization.yaml`;
    expect(onlyAdded(original.readContent(kustomization), read(kustomization))).toEqual([
      '  - shipping-service',
      '  - name: railyard/shipping-service',
      '    newName: registry.invalid/railyard/shipping-service',
      '    newTag: 0.1.0',
    ]);
    expect(parse(read(kustomization)).resources).toContain('shipping-service');
    expect(onlyAdded(original.readContent(`${K8S}/config.env`), read(`${K8S}/config.env`))).toEqual(
      ['SHIPPING_HTTP_PORT=3004', 'SHIPPING_HOST=shipping-service'],
    );
    expect(
      onlyAdded(original.readContent(`${K8S}/secrets.env`), read(`${K8S}/secrets.env`)),
    ).toEqual(['SHIPPING_DATABASE_URL=REPLACE_ME']);
  });

  it('lists the app in the README and in the e2e system, so npm start and e2e run it', () => {
    // Its row closes the table of services (the columns are wide enough for it already), and
    // its folder closes the Layout's list of apps; no other line changes.
    const before = original.readContent('README.md');
    const payment = /^\| payment .*\|$/m.exec(before)![0];
    const layout = /^ {2}api-gateway\/ .*payment-service\/$/m.exec(before)![0];
    const row =
      '| shipping  | 3004 / 4004 | `shipping`                                         ' +
      '| `order.confirmed`                                                              ' +
      '| `shipping.created`                                                              ' +
      '| `shipping.create`                                             |';
    expect(read('README.md')).toBe(
      before.replace(payment, `${payment}\n${row}`).replace(layout, `${layout} shipping-service/`),
    );
    expect(read('test/support/system.ts')).toMatch(
      /SERVICE_APPS = \[[^\]]*'payment-service',\s*'shipping-service',?\s*\] as const/,
    );
  });

  it('leaves a second service the next ports after the first', async () => {
    const second = await generate('billing', tree);
    expect(second.readContent('libs/contracts/src/services.ts')).toContain(
      'billing: { httpPort: 3005, tcpPort: 4005 },',
    );
    expect(second.readContent('.env.example')).toMatch(/SHIPPING_HOST=.*\n(#.*\n)?BILLING_/);
    expect(
      second
        .readContent('libs/contracts/src/messages.ts')
        .split('\n')
        .filter((line) => line.startsWith('export')),
    ).toEqual([
      "export * from './billing/billing.messages';",
      "export * from './inventory/inventory.messages';",
      "export * from './order/order.messages';",
      "export * from './payment/payment.messages';",
      "export * from './shipping/shipping.messages';",
    ]);
  });
});

describe('nest g microservice order-history: a name of several words', () => {
  const HISTORY = 'apps/order-history-service';
  let tree: UnitTestTree;
  const read = (path: string) => tree.readContent(path);

  beforeAll(async () => {
    tree = await generate('order-history');
  });

  it('names files and the bus in kebab case, values and classes in camel and Pascal case', () => {
    for (const path of [
      `${HISTORY}/src/main.ts`,
      `${HISTORY}/src/order-history-service.module.ts`,
      `${HISTORY}/src/order-history.module.ts`,
      `${HISTORY}/src/config/order-history.config.ts`,
      `${HISTORY}/src/database/migrations/${TIMESTAMP}-order-history-schema.ts`,
      `${HISTORY}/src/database/order-history.data-source.ts`,
      `${HISTORY}/src/create-order-history/create-order-history.handler.ts`,
      `${HISTORY}/src/open-order-history-for-order/open-order-history-for-order.handler.ts`,
      'libs/contracts/src/order-history/order-history.messages.ts',
      'test/e2e/order-history-service.e2e.spec.ts',
    ]) {
      expect({ path, exists: tree.exists(path) }).toEqual({ path, exists: true });
    }
    expect(read(`${HISTORY}/src/main.ts`)).toContain("runService('order-history-service'");
    const serviceModule = read(`${HISTORY}/src/order-history-service.module.ts`);
    expect(serviceModule).toContain("MessagingModule.forRoot({ service: 'order-history' })");
    expect(serviceModule).toContain('validatedConfigModule(orderHistoryEnvSchema)');
    expect(serviceModule).toContain('export class OrderHistoryServiceModule {}');
    expect(read(`${HISTORY}/src/order-history.module.ts`)).toContain(
      "PersistenceModule.forRoot({ service: 'order-history', ...orderHistoryModel })",
    );
    expect(read(`${HISTORY}/src/database/order-history.entity.ts`)).toContain(
      "@Entity('order_history')\nexport class OrderHistoryEntity",
    );
  });

  it('defines its wire types as order-history.*, owned by the service order-history', () => {
    const messages = read('libs/contracts/src/order-history/order-history.messages.ts');
    for (const part of [
      'export const orderHistoryView = z.object({',
      'export const CreateOrderHistory = defineCommand({',
      "type: 'order-history.create',",
      "service: 'order-history',",
      'export const OrderHistoryCreated = defineEvent({',
      "type: 'order-history.created',",
    ]) {
      expect(messages).toContain(part);
    }
    expect(read('libs/contracts/src/messages.ts')).toContain(
      "export * from './order-history/order-history.messages';",
    );
  });

  it("registers it as SERVICES['order-history'], its variables ORDER_HISTORY_*", () => {
    expect(read('libs/contracts/src/services.ts')).toContain(
      "  'order-history': { httpPort: 3004, tcpPort: 4004 },",
    );
    expect(read(`${HISTORY}/src/config/order-history.config.ts`)).toContain(
      "ORDER_HISTORY_HTTP_PORT: envPort().default(SERVICES['order-history'].httpPort)",
    );
    expect(read(`${HISTORY}/src/main.ts`)).toContain("config.get('ORDER_HISTORY_HTTP_PORT')");
    expect(onlyAdded(repoTree().readContent('.env.example'), read('.env.example'))).toEqual([
      '# order-history-service HTTP port, TCP transport port, and host others reach it at',
      'ORDER_HISTORY_HTTP_PORT=3004',
      'ORDER_HISTORY_TCP_PORT=4004',
      'ORDER_HISTORY_HOST=127.0.0.1',
      '# ORDER_HISTORY_DATABASE_URL=postgres://postgres@127.0.0.1:5432/order_history',
    ]);
    const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
    expect(compose['x-app-env']).toMatchObject({
      ORDER_HISTORY_HOST: 'order-history-service',
      ORDER_HISTORY_TCP_PORT: '4004',
    });
    expect(compose.services['order-history-service']).toMatchObject({
      environment: {
        ORDER_HISTORY_HTTP_PORT: '3004',
        ORDER_HISTORY_DATABASE_URL: expect.stringMatching(/\/order_history$/),
      },
      volumes: ['order-history-data:/data'],
    });
    expect(read('deploy/compose/postgres-init/01-databases.sql')).toMatch(
      /^CREATE DATABASE order_history;$/m,
    );
    const job = parse(read('deploy/k8s/base/order-history-service/migration-job.yaml'));
    expect(job.spec.template.spec.containers[0].command).toEqual([
      'npm',
      'run',
      'migration:run',
      '--',
      'order-history',
    ]);
    expect(read('deploy/k8s/base/config.env')).toMatch(
      /^ORDER_HISTORY_HTTP_PORT=3004\nORDER_HISTORY_HOST=order-history-service$/m,
    );
    // The e2e spec closes every peer's port by the same variables.
    expect(read('test/e2e/order-history-service.e2e.spec.ts')).toContain(
      "env[`${name.toUpperCase().replace(/-/g, '_')}_TCP_PORT`]",
    );
  });

  it('widens the README table of services to its name, every cell kept', () => {
    const cells = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .map((line) => line.split('|').map((cell) => cell.trim()));
    const table = read('README.md')
      .split('\n')
      .filter((line) => line.startsWith('| '));
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
    expect(cells(read('README.md')).filter((row) => !row[1].startsWith('---'))).toEqual([
      ...cells(repoTree().readContent('README.md')).filter((row) => !row[1].startsWith('---')),
      [
        '',
        'order-history',
        '3004 / 4004',
        '`order_history`',
        '`order.confirmed`',
        '`order-history.created`',
        '`order-history.create`',
        '',
      ],
    ]);
  });

  it('reads the quoted registry entry back: the next service takes the next ports', async () => {
    const next = await generate('billing', tree);
    expect(next.readContent('libs/contracts/src/services.ts')).toContain(
      'billing: { httpPort: 3005, tcpPort: 4005 },',
    );
  });

  it.each(['OrderHistory', 'order_history', 'order-history-service', 'Order History'])(
    '%p names it too, so it is refused as existing',
    async (name) => {
      await expect(generate(name, tree)).rejects.toThrow(
        /^order-history-service exists already \(nest-cli\.json has a project "order-history-service"; apps\/order-history-service\/ exists; libs\/contracts\/src\/services\.ts registers "order-history"; \.env\.example sets ORDER_HISTORY_\* ports; libs\/contracts\/src\/order-history\/ exists\)/,
      );
    },
  );
});

describe('-p, which the Nest CLI needs to run without a terminal', () => {
  const warnings: string[] = [];
  let subscription: { unsubscribe(): void };
  beforeEach(() => {
    warnings.length = 0;
    subscription = runner.logger.subscribe((entry) => {
      if (entry.level === 'warn') warnings.push(entry.message);
    });
  });
  afterEach(() => subscription.unsubscribe());

  it('naming the new app, is taken silently', async () => {
    await runner.runSchematic(
      'microservice',
      { name: 'shipping', project: 'shipping-service', timestamp: TIMESTAMP, format: false },
      repoTree(),
    );
    expect(warnings).toEqual([]);
  });

  it('naming another project, is ignored with a warning', async () => {
    const tree = await runner.runSchematic(
      'microservice',
      { name: 'shipping', project: 'api-gateway', timestamp: TIMESTAMP, format: false },
      repoTree(),
    );
    expect(tree.exists(`${APP}/src/main.ts`)).toBe(true);
    expect(warnings).toEqual([
      "-p api-gateway is ignored: the files go where shipping-service's belong.",
    ]);
  });
});

describe('names', () => {
  it.each(['Shipping', 'shipping', 'shipping-service', 'ShippingService', ' shipping_service '])(
    '%p gives shipping-service',
    async (name) => {
      const tree = await generate(name);
      expect(tree.exists(`${APP}/src/main.ts`)).toBe(true);
      expect(tree.readContent('nest-cli.json')).toContain('"shipping-service": {');
    },
  );

  it.each([
    ['2fast', /^"2fast" is not a service name: use words of letters and digits, each starting/],
    ['order-2go', /^"order-2go" is not a service name/],
    ['parcel--tracking', /^"parcel--tracking" is not a service name/],
    ['parcel.tracking', /^"parcel\.tracking" is not a service name/],
    ['-service', /^"-service" is not a service name/],
    ['', /^"" is not a service name/],
    ['gateway', /^"gateway" is reserved/],
    ['api-gateway', /^"api-gateway" is reserved/],
  ])('refuses %p, changing nothing', async (name, message) => {
    const tree = repoTree();
    const before = tree.files.map((path) => [path, tree.readContent(path)]);
    await expect(generate(name, tree)).rejects.toThrow(message);
    await expect(generate(name, tree)).rejects.toThrow(/Nothing was changed\.$/);
    expect(tree.files.map((path) => [path, tree.readContent(path)])).toEqual(before);
  });
});

describe('refusals', () => {
  it.each(['order', 'Order', 'order-service'])(
    '%p: order-service exists, so nothing is generated and nothing changes',
    async (name) => {
      const tree = repoTree();
      const before = tree.files.map((path) => [path, tree.readContent(path)]);
      await expect(generate(name, tree)).rejects.toThrow(
        /^order-service exists already \(nest-cli\.json has a project "order-service"; .*libs\/contracts\/src\/services\.ts registers "order"; .env.example sets ORDER_\* ports\)/,
      );
      expect(tree.files.map((path) => [path, tree.readContent(path)])).toEqual(before);
    },
  );

  it('refuses a compose file without the shared x-app-env anchor, naming it', async () => {
    const tree = repoTree((path, text) =>
      path === 'docker-compose.yml' ? text.replace('x-app-env: &app-env', 'x-env: &env') : text,
    );
    await expect(generate('shipping', tree)).rejects.toThrow(
      /docker-compose\.yml: no "x-app-env: &app-env" anchor to add shipping-service to/,
    );
  });

  it('refuses a compose file without the x-service-env anchor, naming it', async () => {
    const tree = repoTree((path, text) =>
      path === 'docker-compose.yml'
        ? text.replace('x-service-env: &service-env', 'x-env: &env')
        : text,
    );
    await expect(generate('shipping', tree)).rejects.toThrow(
      /docker-compose\.yml: no "x-service-env: &service-env" anchor to add shipping-service to/,
    );
  });

  it('refuses a Kubernetes base without a database URL to add one after, naming it', async () => {
    const tree = repoTree((path, text) =>
      path === 'deploy/k8s/base/secrets.env' ? text.replace(/^.*_DATABASE_URL=.*$/gm, '') : text,
    );
    await expect(generate('shipping', tree)).rejects.toThrow(
      /deploy\/k8s\/base\/secrets\.env: no <SERVICE>_DATABASE_URL= line to add shipping-service to/,
    );
  });

  it('refuses when the registry has no service to count ports from', async () => {
    const tree = repoTree((path, text) =>
      path === 'libs/contracts/src/services.ts' || path === '.env.example' ? '' : text,
    );
    await expect(generate('shipping', tree)).rejects.toThrow(/found no service ports/);
  });
});

describe('next free ports', () => {
  it('follows the highest port in use, stepping over one the other family holds', async () => {
    const tree = repoTree((path, text) =>
      path === 'libs/contracts/src/services.ts'
        ? text.replace('} as const;', '  legacy: { httpPort: 4009, tcpPort: 4010 },\n} as const;')
        : text,
    );
    const generated = await generate('shipping', tree);
    expect(generated.readContent('libs/contracts/src/services.ts')).toContain(
      'shipping: { httpPort: 4011, tcpPort: 4012 },',
    );
  });
});

describe('without a README list of apps or table of services', () => {
  it('still generates, and warns that the README needs a hand edit', async () => {
    const warnings: string[] = [];
    const subscription = runner.logger.subscribe((entry) => {
      if (entry.level === 'warn') warnings.push(entry.message);
    });
    try {
      const tree = await generate(
        'shipping',
        repoTree((path, text) => (path === 'README.md' ? '# Railyard\n' : text)),
      );
      expect(tree.readContent('README.md')).toBe('# Railyard\n');
      expect(warnings).toEqual([
        expect.stringContaining('no list of apps found; add shipping-service/ by hand'),
        expect.stringContaining(
          'no table of services ("| service | ...") found; add shipping by hand',
        ),
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe("this repo's own files", () => {
  it('have every anchor the generator edits: it runs with no refusal and no warning', async () => {
    const live = repoTree(undefined, (path) => readFileSync(join(root, path), 'utf8'));
    const projects = JSON.parse(live.readContent('nest-cli.json')).projects;
    const name = ['probe', 'probe2', 'probe3'].find((n) => !projects[`${n}-service`])!;
    const before = new Map(EDITED.map((path) => [path, live.readContent(path)]));
    const warnings: string[] = [];
    const subscription = runner.logger.subscribe((entry) => {
      if (entry.level === 'warn') warnings.push(entry.message);
    });
    try {
      const tree = await generate(name, live);
      for (const path of EDITED) {
        expect({ path, changed: tree.readContent(path) !== before.get(path) }).toEqual({
          path,
          changed: true,
        });
      }
      expect(warnings).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('the collection extends @nestjs/schematics', () => {
  it('still runs the built-in schematics', async () => {
    const tree = await runner.runSchematic(
      'class',
      { name: 'probe', path: 'src', flat: true, spec: false, language: 'ts' },
      new UnitTestTree(new HostTree()),
    );
    expect(tree.files).toEqual(['/src/probe.ts']);
    expect(tree.readContent('/src/probe.ts')).toContain('export class Probe');
  });
});
