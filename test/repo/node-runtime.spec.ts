import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything here runs on the Node pinned in devDependencies (the `node` package, whose binary
 * npm scripts and npx find first on PATH), whatever Node the machine ships. The guard
 * (scripts/lib/runtime.js) refuses any other major, loudly, before a script does anything.
 */
const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const pinned = pkg.devDependencies.node;
const major = (version: string) => Number(/^v?(\d+)\./.exec(version)?.[1]);
const GUARD = 'node scripts/check-runtime.js';

/** Runs `entry` on this Node with process.version replaced, as if started by another Node. */
function runAs(version: string, entry: string) {
  const fake = `Object.defineProperty(process, 'version', { value: '${version}' });`;
  return spawnSync(process.execPath, ['-e', `${fake} require(${JSON.stringify(entry)});`], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('Node runtime', () => {
  it('pins an exact Node 24 release, and this test runs on it', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(process.version).toBe(`v${pinned}`);
  });

  it('puts the pinned binary in node_modules/.bin, where npm scripts and npx look first', () => {
    const bin = spawnSync(join(root, 'node_modules', '.bin', 'node'), ['-v'], { encoding: 'utf8' });
    expect(bin.stdout.trim()).toBe(`v${pinned}`);
  });

  it('lets the guard pass on the pinned major', () => {
    const run = spawnSync(process.execPath, ['scripts/check-runtime.js'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`node v${pinned}`);
  });

  // Node 20 is what these machines ship; 22 is supported by `engines` for deployments, but the
  // scripts, tests and bench run on the one pinned major so that their results are comparable.
  it.each([
    ['v20.20.2', './scripts/check-runtime.js'],
    ['v20.20.2', './scripts/build-all.js'],
    ['v20.20.2', './scripts/start-all.js'],
    ['v20.20.2', './scripts/migration.js'],
    ['v20.20.2', './jest.config.js'],
    ['v22.22.0', './scripts/check-runtime.js'],
  ])('refuses Node %s in %s, saying which Node to use', (version, entry) => {
    const run = runAs(version, entry);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Railyard runs on Node ${major(pinned)}`);
    expect(run.stderr).toContain(`this is Node ${version}`);
    expect(run.stdout).toBe('');
  });

  it('guards every npm script that runs Node, directly or through a guarded entry point', () => {
    // Entry points that call the guard themselves (jest through jest.config.js, the token CLI,
    // whose stdout must hold only the token), scripts that only chain other npm scripts, and the
    // broker scripts, which are shell and start no Node.
    const selfGuarded =
      /^(jest |node scripts\/(build-all|start-all|check-runtime|migration)\.js|bash scripts\/brokers-|ts-node .* apps\/api-gateway\/src\/auth\/token\.cli\.ts$)/;
    const chained = (command: string) =>
      command
        .split('&&')
        .map((part) => part.trim().replace(/^([A-Z_]+=\S+ )+/, ''))
        .every((part) => part.startsWith('npm run ') || selfGuarded.test(part));
    const unguarded = Object.entries(pkg.scripts)
      .filter(([name]) => !name.startsWith('pre') || pkg.scripts[name] !== GUARD)
      .filter(([name, command]) => pkg.scripts[`pre${name}`] !== GUARD && !chained(command))
      .map(([name]) => name);
    expect(unguarded).toEqual([]);
  });

  it('builds and runs the Docker image on the pinned major', () => {
    const bases = [...read('Dockerfile').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases.filter((b) => !/^(deps|build)$/.test(b)))
      expect(base).toMatch(new RegExp(`^node:${major(pinned)}-`));
  });

  // npm runs node-gyp against the headers of the Node that `nodedir` names, and these machines'
  // ~/.npmrc names the system Node 20 (nodedir=/usr): a module compiled at install would load on
  // Node 24 with a NODE_MODULE_VERSION error. So no dependency may compile at install: every
  // install script is turned off in allowScripts (npm 11 runs the ones it does not list), but the
  // `node` package's own, which links the Node binary.
  it('installs no dependency that compiles natively', () => {
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    const allowed = withScripts.filter((name) => pkg.allowScripts[name] !== false);
    expect(allowed).toEqual(['node']);
  });
});
