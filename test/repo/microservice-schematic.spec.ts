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
  'libs/contracts/src/index.ts',
  '.env.example',
  'docker-compose.yml',
  'README.md',
  'test/support/system.ts',
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

  it('creates the app in the house layout, its contracts and its e2e spec', () => {
    const created = tree.files.filter((path) => !EDITED.includes(path.slice(1))).sort();
    expect(created).toEqual(
      [
        `${APP}/tsconfig.app.json`,
        `${APP}/src/main.ts`,
        `${APP}/src/shipping-service.module.ts`,
        `${APP}/src/shipping.module.ts`,
        `${APP}/src/shipping.int-spec.ts`,
        `${APP}/src/config/shipping.config.ts`,
        `${APP}/src/database/shipping.model.ts`,
        `${APP}/src/database/migrations/${TIMESTAMP}-shipping-schema.ts`,
        `${APP}/src/domain/shipping.entity.ts`,
        `${APP}/src/domain/shipping-rules.ts`,
        `${APP}/src/domain/shipping-rules.spec.ts`,
        `${APP}/src/shared/open-shipping.ts`,
        `${APP}/src/create-shipping/create-shipping.command.ts`,
        `${APP}/src/create-shipping/create-shipping.handler.ts`,
        `${APP}/src/create-shipping/create-shipping.message.controller.ts`,
        `${APP}/src/create-shipping/create-shipping.schema.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.command.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.handler.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.message.controller.ts`,
        `${APP}/src/open-shipping-for-order/open-shipping-for-order.schema.ts`,
        'libs/contracts/src/shipping/shipping.messages.ts',
        'test/e2e/shipping-service.e2e.spec.ts',
      ]
        .map((path) => `/${path}`)
        .sort(),
    );
    for (const path of created) {
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
      ".merge(databaseEnvSchema('shipping'))",
      '.merge(outboxEnvSchema)',
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
        original.readContent('libs/contracts/src/index.ts'),
        read('libs/contracts/src/index.ts'),
      ),
    ).toEqual(["export * from './shipping/shipping.messages';"]);
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

  it('adds a compose service that mirrors the existing ones, and its peer variables', () => {
    const before = original.readContent('docker-compose.yml');
    const added = onlyAdded(before, read('docker-compose.yml'));
    const payment = /^ {2}payment-service:\n(?: {4}.*\n)+/m.exec(before)![0];
    const mirrored = payment
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
      environment: { TRANSPORT: '${TRANSPORT:-tcp}', SHIPPING_HTTP_PORT: '3004' },
      ports: ['3004:3004'],
      volumes: ['shipping-data:/data'],
    });
    expect(compose['x-app-env']).toMatchObject({
      SHIPPING_HOST: 'shipping-service',
      SHIPPING_TCP_PORT: '4004',
    });
    expect(Object.keys(compose.volumes)).toContain('shipping-data');
  });

  it('lists the app in the README and in the e2e system, so npm start and e2e run it', () => {
    const before = original.readContent('README.md').split('\n');
    const after = read('README.md').split('\n');
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(after).toHaveLength(before.length);
    expect(changed).toEqual([[expect.any(String), expect.stringMatching(/ shipping-service\/$/)]]);
    expect(changed[0][1]).toBe(`${changed[0][0]} shipping-service/`);
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
    ['parcel-tracking', /one word of letters and digits/],
    ['2fast', /one word of letters and digits/],
    ['', /one word of letters and digits/],
    ['gateway', /"gateway" is reserved/],
  ])('refuses %p', async (name, message) => {
    await expect(generate(name)).rejects.toThrow(message);
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

describe('without a README list of apps', () => {
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
      expect(warnings).toEqual([expect.stringContaining('add shipping-service/ by hand')]);
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
