// The apps of this repo, read from nest-cli.json so that a generated service is picked up too.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');

function listApps(from = root) {
  const cli = JSON.parse(readFileSync(join(from, 'nest-cli.json'), 'utf8'));
  return Object.entries(cli.projects)
    .filter(([, project]) => project.type === 'application')
    .map(([name]) => name);
}

module.exports = { root, listApps };
