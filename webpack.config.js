// The Nest CLI's webpack build (`nest build <app>`, run by scripts/build-all.js) takes this file by
// its default name. Beside dist/apps/<app>/main.js it bundles the app's database data source, when
// it has one (src/database/<service>.data-source.ts), to dist/apps/<app>/data-source.js: what
// `npm run migration:* -- <service>` loads where no TypeScript sources are, as in the image.
const { existsSync, readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

module.exports = (options) => {
  const main = options.entry;
  const database = join(dirname(main), 'database');
  const file = existsSync(database)
    ? readdirSync(database).find((name) => name.endsWith('.data-source.ts'))
    : undefined;
  if (file === undefined) return options;
  return {
    ...options,
    entry: {
      main,
      // A library bundle: the script reads its default export.
      'data-source': { import: join(database, file), library: { type: 'commonjs2' } },
    },
    output: { ...options.output, filename: join(dirname(options.output.filename), '[name].js') },
  };
};
