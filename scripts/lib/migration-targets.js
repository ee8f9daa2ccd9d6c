// The services `npm run migration:*` knows: every app with a database data source. In the repo,
// the applications of nest-cli.json (so a generated service is found without editing anything)
// whose src/database/ holds <service>.data-source.ts; where no sources are (the production image),
// the bundles `npm run build` left in dist/apps/<app>/data-source.js.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { root, listApps } = require('./apps');

const DATA_SOURCE = /^(.+)\.data-source\.ts$/;

/**
 * @typedef {{ service: string, app: string, source?: string, bundle?: string }} MigrationTarget
 * `service` is the name the command takes (order), `app` its folder (order-service); `source` the
 * TypeScript data source, `bundle` the built one, each when it exists.
 */

/** @param {string} [from] the repo, or the image's /app @returns {MigrationTarget[]} */
function migrationTargets(from = root) {
  const hasProjects = existsSync(join(from, 'nest-cli.json'));
  const built = join(from, 'dist', 'apps');
  const apps = hasProjects ? listApps(from) : existsSync(built) ? readdirSync(built) : [];
  return apps.flatMap((app) => {
    const database = join(from, 'apps', app, 'src', 'database');
    const file = existsSync(database)
      ? readdirSync(database).find((name) => DATA_SOURCE.test(name))
      : undefined;
    const bundle = join(built, app, 'data-source.js');
    const target = {
      // The schematic names an app <service>-service and its data source <service>.data-source.ts.
      service: file ? DATA_SOURCE.exec(file)[1] : app.replace(/-service$/, ''),
      app,
      source: file ? join(database, file) : undefined,
      bundle: existsSync(bundle) ? bundle : undefined,
    };
    return target.source || target.bundle ? [target] : [];
  });
}

/**
 * The target `name` (order or order-service) names; an unknown name is refused, listing the
 * valid ones.
 * @param {string | undefined} name
 * @param {MigrationTarget[]} targets
 * @returns {MigrationTarget}
 */
function resolveTarget(name, targets) {
  const found = targets.find((t) => name === t.service || name === t.app);
  if (found) return found;
  const what = name ? `unknown service "${name}"` : 'no service named';
  if (targets.length === 0) {
    throw new Error(
      `${what}: no service has a data source here (apps/<app>/src/database/<service>.data-source.ts, ` +
        'or dist/apps/<app>/data-source.js once `npm run build` has run)',
    );
  }
  const valid = targets.map((t) => t.service).join(', ');
  throw new Error(
    `${what}: valid services are ${valid} (or their app names: ${targets[0].app}, …)`,
  );
}

module.exports = { migrationTargets, resolveTarget };
