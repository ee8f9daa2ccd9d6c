// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { refusal } = require('../../common/refusal');
const { appendToTopLevelBlock } = require('../../common/text-edit');
const { checkComposeService } = require('./check-compose-service');

/**
 * Adds the service to docker-compose.yml the way the existing services are written: the shared
 * `x-app` and `x-service-env` anchors (migrations at start), its HTTP port exposed on the compose
 * network only (so it scales), its own PostgreSQL database (created with the cluster by the init
 * script, which gets its line), its own data volume, a readiness healthcheck. Its host and TCP
 * port join `x-app-env`, so every app can reach it as a TCP peer. Text insertions keep the
 * file's comments and anchors; the result is parsed and checked.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addComposeService(service) {
  return (tree, context) => {
    const original = readRequired(tree, REPO_FILES.compose);
    /** @type {(edited: string | undefined, anchor: string) => string} */
    const found = (edited, anchor) => {
      if (edited === undefined) {
        throw refusal(`${REPO_FILES.compose}: no ${anchor} to add ${service.app} to.`);
      }
      return edited;
    };
    found(/^x-app: &app\s*$/m.test(original) ? original : undefined, '"x-app: &app" anchor');
    found(
      /^x-service-env: &service-env\s*$/m.test(original) ? original : undefined,
      '"x-service-env: &service-env" anchor',
    );
    const databases = readRequired(tree, REPO_FILES.composeDatabases);
    let text = found(
      appendToTopLevelBlock(original, /^x-app-env: &app-env\s*$/, peerVariables(service)),
      '"x-app-env: &app-env" anchor',
    );
    text = found(
      appendToTopLevelBlock(text, /^services:\s*$/, `\n${serviceEntry(service)}`),
      '"services:" section',
    );
    text =
      appendToTopLevelBlock(text, /^volumes:\s*$/, `  ${service.key}-data:`) ??
      `${text.replace(/\n*$/, '')}\n\nvolumes:\n  ${service.key}-data:\n`;
    checkComposeService(text, service, context);
    tree.overwrite(REPO_FILES.compose, text);
    tree.overwrite(
      REPO_FILES.composeDatabases,
      `${databases.replace(/\n*$/, '')}\nCREATE DATABASE ${service.snake};\n`,
    );
  };
}

/** @param {import('../index').Service} service */
function peerVariables({ app, constant, tcpPort }) {
  return [`  ${constant}_HOST: ${app}`, `  ${constant}_TCP_PORT: "${tcpPort}"`].join('\n');
}

/** @param {import('../index').Service} service */
function serviceEntry({ key, app, constant, snake, httpPort }) {
  const probe =
    `fetch('http://127.0.0.1:${httpPort}/health/ready')` +
    '.then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))';
  const database =
    'postgres://${POSTGRES_USER:-railyard}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}' +
    `@postgres:5432/${snake}`;
  return [
    `  ${app}:`,
    '    <<: *app',
    '    build:',
    '      context: .',
    '      args:',
    `        APP: ${app}`,
    '    environment:',
    '      <<: *service-env',
    `      ${constant}_HTTP_PORT: "${httpPort}"`,
    `      ${constant}_DATABASE_URL: ${database}`,
    `    expose: ["${httpPort}"]`,
    '    volumes:',
    `      - ${key}-data:/data`,
    '    healthcheck:',
    `      test: ["CMD", "node", "-e", "${probe}"]`,
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 6',
    '      start_period: 30s',
  ].join('\n');
}

module.exports = { addComposeService };
