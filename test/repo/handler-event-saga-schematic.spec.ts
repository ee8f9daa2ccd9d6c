import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HostTree } from '@angular-devkit/schematics';
import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing';

/**
 * `nest g handler|event|saga <service> <name>` (schematics/handler, event, saga) run by
 * SchematicTestRunner in memory, over the microservice fixtures (trimmed copies of the repo's
 * files) plus order-service's and payment-service's modules and order's messages, with a
 * `shipping` service generated first by `nest g microservice`. One case per schematic runs over
 * the repo's own files. test/e2e/generate-service.spec.ts runs them through the Nest CLI in a copy
 * of the repo and type-checks what they write.
 */
const root = join(__dirname, '..', '..');
const fixtures = join(__dirname, 'fixtures', 'microservice');
const SHIPPING = 'apps/shipping-service/src';

const runner = new SchematicTestRunner('railyard', join(root, 'schematics', 'collection.json'));

/** Every file under `dir` (relative to the fixtures), `.fixture` dropped. */
function fixtureFiles(dir = fixtures): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return fixtureFiles(path);
    return path.endsWith('.fixture') ? [relative(fixtures, path).replace(/\.fixture$/, '')] : [];
  });
}

/** The fixtures with a generated shipping-service (unformatted: Prettier cannot load in Jest). */
async function repoWithShipping(): Promise<UnitTestTree> {
  const tree = new UnitTestTree(new HostTree());
  for (const path of fixtureFiles()) {
    tree.create(path, readFileSync(join(fixtures, `${path}.fixture`), 'utf8'));
  }
  return runner.runSchematic(
    'microservice',
    { name: 'shipping', timestamp: 1770000000000, format: false },
    tree,
  );
}

/** Runs on a copy of `tree` (the runner edits the tree it is given in place). */
const run = (schematic: string, options: Record<string, unknown>, tree: UnitTestTree) =>
  runner.runSchematic(schematic, { ...options, format: false }, copyOf(tree));

function copyOf(tree: UnitTestTree): UnitTestTree {
  const copy = new UnitTestTree(new HostTree());
  for (const path of tree.files) copy.create(path, tree.readContent(path));
  return copy;
}

const contents = (tree: UnitTestTree) =>
  new Map(tree.files.map((path) => [path, tree.readContent(path)]));

/** The files `after` has that `before` had not, and those it changed. */
function changes(before: Map<string, string>, after: UnitTestTree) {
  const created = after.files.filter((path) => !before.has(path)).sort();
  const changed = after.files
    .filter((path) => before.has(path) && before.get(path) !== after.readContent(path))
    .sort();
  return { created, changed };
}

/** Every line of `before` is still in `after`, in order; returns the lines added. */
function added(before: string, after: string): string[] {
  const old = before.split('\n');
  const lines: string[] = [];
  let next = 0;
  for (const line of after.split('\n')) {
    if (next < old.length && line === old[next]) next += 1;
    else lines.push(line);
  }
  expect({ missing: old.slice(next) }).toEqual({ missing: [] });
  return lines;
}

/** Expects the run to be refused with `message`, the tree left exactly as it was. */
async function expectRefused(
  schematic: string,
  options: Record<string, unknown>,
  tree: UnitTestTree,
  message: RegExp,
) {
  const before = contents(tree);
  const attempt = () => runner.runSchematic(schematic, { ...options, format: false }, tree);
  await expect(attempt()).rejects.toThrow(message);
  await expect(attempt()).rejects.toThrow(/ Nothing was changed\.$/);
  expect(contents(tree)).toEqual(before);
}

describe('the collection', () => {
  it('has microservice, handler, event and saga, and the built-in schematics', () => {
    const collection = runner.engine.createCollection(join(root, 'schematics', 'collection.json'));
    expect(collection.listSchematicNames()).toEqual(
      expect.arrayContaining(['microservice', 'handler', 'event', 'saga', 'class', 'module']),
    );
  });
});

describe('nest g handler <service> <event>', () => {
  let base: UnitTestTree;
  let before: Map<string, string>;
  let tree: UnitTestTree;
  const USE_CASE = `${SHIPPING}/on-order-cancelled`;

  beforeAll(async () => {
    base = await repoWithShipping();
    before = contents(base);
    tree = await run('handler', { name: 'shipping', event: 'OrderCancelled' }, base);
  });

  it('adds on-<event>/ (controller, command, handler) and registers them in the module', () => {
    expect(changes(before, tree)).toEqual({
      created: [
        `/${USE_CASE}/on-order-cancelled.command.ts`,
        `/${USE_CASE}/on-order-cancelled.handler.ts`,
        `/${USE_CASE}/on-order-cancelled.message.controller.ts`,
      ],
      changed: [`/${SHIPPING}/shipping.module.ts`],
    });
    for (const path of changes(before, tree).created) {
      expect({ path, leftover: /<%|__\w+__/.test(tree.readContent(path)) }).toEqual({
        path,
        leftover: false,
      });
    }
  });

  it('binds the contract, validates through its pipe and hands the typed envelope over', () => {
    const controller = tree.readContent(`${USE_CASE}/on-order-cancelled.message.controller.ts`);
    for (const part of [
      "import { OrderCancelled } from '@railyard/contracts';",
      '@EventPattern(OrderCancelled.type)',
      '@Payload(new ContractPipe(OrderCancelled)) payload: OrderCancelled,',
      'new OnOrderCancelledCommand(ctx.envelopeWith(payload))',
      "shipping-service's subscription to order-service's `order.cancelled`",
    ]) {
      expect(controller).toContain(part);
    }
    expect(tree.readContent(`${USE_CASE}/on-order-cancelled.command.ts`)).toContain(
      'constructor(readonly envelope: Envelope<OrderCancelled>)',
    );
  });

  it('applies the change once per message, through the inbox', () => {
    const handler = tree.readContent(`${USE_CASE}/on-order-cancelled.handler.ts`);
    expect(handler).toContain('@CommandHandler(OnOrderCancelledCommand)');
    expect(handler).toMatch(
      /retryOnConflict\(\(\) =>\s+this\.inbox\.once\(envelope, 'on-order-cancelled', async \(_tx\) => \{/,
    );
  });

  it('lists the handler and the controller in the module, importing them', () => {
    const module = `${SHIPPING}/shipping.module.ts`;
    const text = tree.readContent(module);
    expect(text).toContain(
      'const commandHandlers = [CreateShippingHandler, OpenShippingForOrderHandler, OnOrderCancelledHandler];',
    );
    expect(text).toContain(
      'const controllers = [CreateShippingMessageController, OpenShippingForOrderMessageController, OnOrderCancelledMessageController];',
    );
    const imports = (source: string) => source.split('\n').filter((l) => l.startsWith('import'));
    const old = imports(before.get(`/${module}`)!);
    expect(imports(text).filter((line) => !old.includes(line))).toEqual([
      "import { OnOrderCancelledHandler } from './on-order-cancelled/on-order-cancelled.handler';",
      "import { OnOrderCancelledMessageController } from './on-order-cancelled/on-order-cancelled.message.controller';",
    ]);
  });

  it.each(['order.cancelled', 'order-cancelled', 'orderCancelled'])(
    'finds the event by %p too',
    async (event) => {
      const other = await run('handler', { name: 'shipping-service', path: event }, base);
      expect(other.exists(`${USE_CASE}/on-order-cancelled.handler.ts`)).toBe(true);
    },
  );

  it('handles an event that `nest g event` just defined', async () => {
    const defined = await run('event', { name: 'shipping', event: 'ParcelDispatched' }, base);
    const handled = await run('handler', { name: 'order', event: 'ParcelDispatched' }, defined);
    // order-service's fixture has its module but not its sources: registered, nothing else read.
    expect(
      handled.readContent(
        'apps/order-service/src/on-parcel-dispatched/on-parcel-dispatched.message.controller.ts',
      ),
    ).toContain('@EventPattern(ParcelDispatched.type)');
    expect(handled.readContent('apps/order-service/src/order.module.ts')).toMatch(
      /const controllers = \[CreateOrderMessageController, GetOrderMessageController, OnParcelDispatchedMessageController\];/,
    );
  });

  describe('refuses, changing nothing', () => {
    it('an unknown service, listing those there are', async () => {
      await expectRefused(
        'handler',
        { name: 'parcel', event: 'OrderCancelled' },
        base,
        /^There is no service "parcel" \(nest-cli\.json has no project "parcel-service"; apps\/parcel-service\/src\/parcel\.module\.ts is missing\)\. The services are: order, inventory, payment, shipping\./,
      );
    });

    it('a service whose module it cannot find', async () => {
      await expectRefused(
        'handler',
        { name: 'inventory', event: 'OrderCancelled' },
        base,
        /^There is no service "inventory" \(apps\/inventory-service\/src\/inventory\.module\.ts is missing\)/,
      );
    });

    it('an unknown event, listing the events', async () => {
      await expectRefused(
        'handler',
        { name: 'shipping', event: 'OrderShipped' },
        base,
        /^No contract "OrderShipped" in libs\/contracts\/src\. The events are: OrderCreated \(order\.created\), OrderConfirmed \(order\.confirmed\), OrderCancelled \(order\.cancelled\), ShippingCreated \(shipping\.created\)\./,
      );
    });

    it('a command or a query: its own service handles it, and answers a request', async () => {
      await expectRefused(
        'handler',
        { name: 'shipping', event: 'CreateOrder' },
        base,
        /^CreateOrder \(order\.create\) is a command, not an event/,
      );
      await expectRefused(
        'handler',
        { name: 'shipping', event: 'order.get' },
        base,
        /^GetOrder \(order\.get\) is a query, not an event/,
      );
    });

    it('an event the service handles already', async () => {
      await expectRefused(
        'handler',
        { name: 'shipping', event: 'OrderConfirmed' },
        base,
        /^shipping-service handles order\.confirmed already \(apps\/shipping-service\/src\/open-shipping-for-order\/open-shipping-for-order\.message\.controller\.ts\)\./,
      );
      await expectRefused(
        'handler',
        { name: 'shipping', event: 'OrderCancelled' },
        tree,
        /^shipping-service handles order\.cancelled already \(apps\/shipping-service\/src\/on-order-cancelled\//,
      );
    });

    it('a module without the lists it registers in', async () => {
      const edited = await repoWithShipping();
      const module = `${SHIPPING}/shipping.module.ts`;
      edited.overwrite(
        module,
        edited.readContent(module).replace('const commandHandlers = ', 'const handlers = '),
      );
      await expectRefused(
        'handler',
        { name: 'shipping', event: 'OrderCancelled' },
        edited,
        /^apps\/shipping-service\/src\/shipping\.module\.ts: no "const commandHandlers = \[\.\.\.\]" to add OnOrderCancelledHandler to\./,
      );
    });

    it('no event named', async () => {
      await expectRefused('handler', { name: 'shipping' }, base, /^Name the event: nest g handler/);
    });
  });
});

describe('nest g event <service> <name>', () => {
  let base: UnitTestTree;
  const MESSAGES = 'libs/contracts/src/shipping/shipping.messages.ts';

  beforeAll(async () => {
    base = await repoWithShipping();
  });

  it('defines the event after the last contract, with its payload type', async () => {
    const before = contents(base);
    const tree = await run('event', { name: 'shipping', event: 'parcel-dispatched' }, base);
    expect(changes(before, tree)).toEqual({ created: [], changed: [`/${MESSAGES}`] });
    expect(added(before.get(`/${MESSAGES}`)!, tree.readContent(MESSAGES))).toEqual([
      'export const ParcelDispatched = defineEvent({',
      "  type: 'shipping.parcel-dispatched',",
      "  service: 'shipping',",
      "  summary: 'Parcel dispatched.',",
      '  payload: z.object({ orderId: textId }),',
      '});',
      'export type ParcelDispatched = z.output<typeof ParcelDispatched.payload>;',
      // (a blank line, then the contract; the diff reads it as the contract, then a blank line)
      '',
    ]);
    expect(
      tree
        .readContent(MESSAGES)
        .endsWith('export type ParcelDispatched = z.output<typeof ParcelDispatched.payload>;\n'),
    ).toBe(true);
  });

  it.each([
    ['ParcelDispatched', 'ParcelDispatched', 'shipping.parcel-dispatched'],
    ['parcelDispatched', 'ParcelDispatched', 'shipping.parcel-dispatched'],
    ['ShippingDelayed', 'ShippingDelayed', 'shipping.delayed'],
    ['shipping-delayed', 'ShippingDelayed', 'shipping.delayed'],
  ])('%p gives %s, type %s', async (event, name, type) => {
    const tree = await run('event', { name: 'Shipping', path: event }, base);
    expect(tree.readContent(MESSAGES)).toContain(
      `export const ${name} = defineEvent({\n  type: '${type}',`,
    );
  });

  it('adds the imports it needs to the file', async () => {
    const edited = await repoWithShipping();
    edited.overwrite(
      MESSAGES,
      edited
        .readContent(MESSAGES)
        .replace(
          "import { defineCommand, defineEvent } from '../contract/message-contract';",
          "import { defineCommand } from '../contract/message-contract';",
        )
        .replace(
          "import { textId, timestamp } from '../fields';",
          "import { timestamp } from '../fields';",
        ),
    );
    const tree = await run('event', { name: 'shipping', event: 'ParcelDispatched' }, edited);
    expect(tree.readContent(MESSAGES)).toContain(
      "import { defineCommand, defineEvent } from '../contract/message-contract';\nimport { textId, timestamp } from '../fields';",
    );
  });

  describe('refuses, changing nothing', () => {
    it('a name that is exported already', async () => {
      await expectRefused(
        'event',
        { name: 'shipping', event: 'OrderCancelled' },
        base,
        /^OrderCancelled exists already \(libs\/contracts\/src\/order\/order\.messages\.ts\)\. Choose another name\./,
      );
    });

    it('a type that exists already', async () => {
      await expectRefused(
        'event',
        { name: 'shipping', event: 'created' },
        base,
        /^shipping\.created exists already \(ShippingCreated in libs\/contracts\/src\/shipping\/shipping\.messages\.ts\)/,
      );
    });

    it('an unknown service', async () => {
      await expectRefused(
        'event',
        { name: 'parcel', event: 'Dispatched' },
        base,
        /^There is no service "parcel"/,
      );
    });

    it('a service without a messages file', async () => {
      await expectRefused(
        'event',
        { name: 'inventory', event: 'Counted' },
        base,
        /^There is no service "inventory" \(libs\/contracts\/src\/inventory\/inventory\.messages\.ts is missing\)/,
      );
    });

    it.each(['', '2late', 'parcel.dispatched', 'parcel--dispatched'])(
      'the name %p',
      async (event) => {
        await expectRefused(
          'event',
          { name: 'shipping', event },
          base,
          /is not an event name: use words of letters and digits/,
        );
      },
    );
  });
});

describe('nest g saga <service> <name>', () => {
  let base: UnitTestTree;
  let before: Map<string, string>;
  let tree: UnitTestTree;
  const SAGA = `${SHIPPING}/ship-parcel/ship-parcel.saga.ts`;

  beforeAll(async () => {
    base = await repoWithShipping();
    before = contents(base);
    tree = await run('saga', { name: 'shipping', saga: 'ship-parcel' }, base);
  });

  it('adds an injectable SagaDefinition skeleton', () => {
    expect(changes(before, tree)).toEqual({
      created: [`/${SAGA}`],
      changed: [
        `/${SHIPPING}/config/shipping.config.ts`,
        `/${SHIPPING}/database/shipping.model.ts`,
        `/${SHIPPING}/shipping.module.ts`,
        '/libs/contracts/src/services.ts',
      ],
    });
    const saga = tree.readContent(SAGA);
    for (const part of [
      "import { SagaDefinition, SagaHookContext, SagaStep } from '@railyard/saga';",
      'export interface ShipParcelContext {',
      "export const SHIP_PARCEL = 'ship-parcel';",
      '@Injectable()\nexport class ShipParcelSaga implements SagaDefinition<ShipParcelContext> {',
      'readonly type = SHIP_PARCEL;',
      'readonly steps: readonly SagaStep<ShipParcelContext>[] = [];',
      'async onCompleted(',
      'async onCompensated(',
    ]) {
      expect(saga).toContain(part);
    }
    expect(saga).not.toMatch(/<%|__\w+__/);
  });

  it('gives a service without sagas a SagaModule and the saga tables', () => {
    const module = tree.readContent(`${SHIPPING}/shipping.module.ts`);
    expect(module).toContain(
      'CqrsModule.forRoot(), SagaModule.forRoot({ sagas: [ShipParcelSaga] })]',
    );
    expect(module).toContain("import { SagaModule } from '@railyard/saga';");
    expect(module).toContain("import { ShipParcelSaga } from './ship-parcel/ship-parcel.saga';");
    const model = tree.readContent(`${SHIPPING}/database/shipping.model.ts`);
    expect(model).toContain('entities: [ShippingEntity, ...sagaModel.entities]');
    expect(model).toMatch(/migrations: \[ShippingSchema\d+, \.\.\.sagaModel\.migrations\]/);
    expect(model).toContain("import { sagaModel } from '@railyard/saga';");
    const config = tree.readContent(`${SHIPPING}/config/shipping.config.ts`);
    expect(config).toContain('.merge(messagingEnvSchema)\n  .merge(sagaEnvSchema)');
    expect(config).toContain("import { sagaEnvSchema } from '@railyard/saga';");
    // The gateway's saga admin routes serve it from now on.
    expect(tree.readContent('libs/contracts/src/services.ts')).toContain(
      "export const SAGA_HOSTS: readonly ServiceName[] = ['order', 'shipping'];",
    );
  });

  it('adds a second saga to the same SagaModule, the tables there already', async () => {
    const second = await run('saga', { name: 'shipping', path: 'ReturnParcelSaga' }, tree);
    expect(second.exists(`${SHIPPING}/return-parcel/return-parcel.saga.ts`)).toBe(true);
    expect(second.readContent(`${SHIPPING}/shipping.module.ts`)).toContain(
      'SagaModule.forRoot({ sagas: [ShipParcelSaga, ReturnParcelSaga] })',
    );
    expect(second.readContent(`${SHIPPING}/database/shipping.model.ts`)).toBe(
      tree.readContent(`${SHIPPING}/database/shipping.model.ts`),
    );
  });

  it("joins order-service's sagas", async () => {
    const order = await run('saga', { name: 'order', saga: 'ship-order' }, base);
    const module = order.readContent('apps/order-service/src/order.module.ts');
    expect(module).toMatch(
      /SagaModule\.forRoot\(\{[^)]*sagas: \[OrderFulfilmentSaga, ShipOrderSaga\]/,
    );
    expect(module).toContain("import { ShipOrderSaga } from './ship-order/ship-order.saga';");
  });

  describe('refuses, changing nothing', () => {
    it('a name the service has already', async () => {
      await expectRefused(
        'saga',
        { name: 'shipping', saga: 'ship-parcel' },
        tree,
        /^apps\/shipping-service\/src\/ship-parcel\/ exists already\. Choose another name\./,
      );
      await expectRefused('saga', { name: 'shipping', saga: 'ShipParcel' }, tree, /exists already/);
    });

    it('a module it cannot give a SagaModule (a CqrsModule in a comment does not count)', async () => {
      await expectRefused(
        'saga',
        { name: 'payment', saga: 'settle' },
        base,
        /^apps\/payment-service\/src\/payment\.module\.ts has no SagaModule\.forRoot\(\{ sagas: \[\.\.\.\] \}\) to add SettleSaga to, and no CqrsModule\.forRoot\(\) to add one beside\./,
      );
    });

    it('a service it cannot name a saga host (SAGA_HOSTS missing)', async () => {
      const noHosts = copyOf(base);
      const services = 'libs/contracts/src/services.ts';
      noHosts.overwrite(
        services,
        noHosts.readContent(services).replace(/export const SAGA_HOSTS[^;]*;/, ''),
      );
      await expectRefused(
        'saga',
        { name: 'shipping', saga: 'ship-parcel' },
        noHosts,
        /libs\/contracts\/src\/services\.ts has no "SAGA_HOSTS: readonly ServiceName\[\] = \[\.\.\.\]"/,
      );
    });

    it('an unknown service, and a bad name', async () => {
      await expectRefused(
        'saga',
        { name: 'parcel', saga: 'ship' },
        base,
        /^There is no service "parcel"/,
      );
      await expectRefused(
        'saga',
        { name: 'shipping', saga: '1st' },
        base,
        /^"1st" is not a saga name/,
      );
    });
  });
});

describe("this repo's own files", () => {
  /** The repo's files the three schematics read, as they are now. */
  function liveTree(): UnitTestTree {
    const tree = new UnitTestTree(new HostTree());
    const add = (path: string) => tree.create(path, readFileSync(join(root, path), 'utf8'));
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(root, dir))) {
        const path = `${dir}/${entry}`;
        if (statSync(join(root, path)).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) add(path);
      }
    };
    add('nest-cli.json');
    walk('libs/contracts/src');
    walk('apps/inventory-service/src');
    walk('apps/order-service/src');
    return tree;
  }

  it('have every anchor the three edit: event, handler and saga run with no refusal', async () => {
    const names = JSON.stringify(contents(liveTree()));
    const event = ['ProbeHappened', 'ProbeHappened2', 'ProbeHappened3'].find(
      (name) => !names.includes(name),
    )!;
    let tree = await run('event', { name: 'inventory', event }, liveTree());
    tree = await run('handler', { name: 'order', event }, tree);
    tree = await run('saga', { name: 'inventory', saga: `${event}-saga` }, tree);
    expect(tree.readContent('apps/order-service/src/order.module.ts')).toContain(
      `On${event}MessageController`,
    );
    expect(tree.readContent('apps/inventory-service/src/inventory.module.ts')).toContain(
      `SagaModule.forRoot({ sagas: [${event}Saga] })`,
    );
    expect(tree.readContent('apps/inventory-service/src/database/inventory.model.ts')).toContain(
      '...sagaModel.migrations',
    );
  });
});
