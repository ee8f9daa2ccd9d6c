import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Plain JavaScript (scripts/ has no build step): required, its shape declared here.
const { migrationTargets, resolveTarget } = require('../../scripts/lib/migration-targets') as {
  migrationTargets: (from?: string) => Target[];
  resolveTarget: (name: string | undefined, targets: Target[]) => Target;
};

interface Target {
  service: string;
  app: string;
  source?: string;
  bundle?: string;
}

const root = join(__dirname, '..', '..');

/** Which services `npm run migration:* -- <service>` knows, in the repo and in the image. */
describe('scripts/lib/migration-targets', () => {
  it('in the repo: every application of nest-cli.json with a data source, from its sources', () => {
    const targets = migrationTargets(root);
    expect(targets.map((t) => [t.service, t.app])).toEqual([
      ['order', 'order-service'],
      ['inventory', 'inventory-service'],
      ['payment', 'payment-service'],
    ]);
    expect(targets[0].source).toBe(
      join(root, 'apps', 'order-service', 'src', 'database', 'order.data-source.ts'),
    );
  });

  it('in the image (dist only, no nest-cli.json): the bundled data sources', () => {
    const image = mkdtempSync(join(tmpdir(), 'railyard-image-'));
    try {
      for (const app of ['api-gateway', 'order-history-service']) {
        mkdirSync(join(image, 'dist', 'apps', app), { recursive: true });
        writeFileSync(join(image, 'dist', 'apps', app, 'main.js'), '');
      }
      const bundle = join(image, 'dist', 'apps', 'order-history-service', 'data-source.js');
      writeFileSync(bundle, '');
      expect(migrationTargets(image)).toEqual([
        { service: 'order-history', app: 'order-history-service', source: undefined, bundle },
      ]);
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });

  it('resolves a service by its name or its app, and refuses any other naming the valid ones', () => {
    const targets = migrationTargets(root);
    expect(resolveTarget('payment', targets).app).toBe('payment-service');
    expect(resolveTarget('payment-service', targets).service).toBe('payment');
    expect(() => resolveTarget('api-gateway', targets)).toThrow(
      'unknown service "api-gateway": valid services are order, inventory, payment ' +
        '(or their app names: order-service, …)',
    );
    expect(() => resolveTarget(undefined, targets)).toThrow(/^no service named: valid services/);
    expect(() => resolveTarget('order', [])).toThrow(/no service has a data source here/);
  });
});
