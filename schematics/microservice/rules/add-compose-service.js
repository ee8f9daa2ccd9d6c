// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { refusal } = require('../../common/refusal');
const { appendToTopLevelBlock } = require('../../common/text-edit');
const { checkComposeService } = require('./check-compose-service');

/**
 * Adds the service to docker-compose.yml the way the existing services are written: the shared
 * `x-app` and `x-app-env` anchors, its HTTP port published, its own data volume, a readiness
 * healthcheck. Its host and TCP port join `x-app-env`, so every app can reach it as a TCP peer.
 * Text insertions keep the file's comments and anchors; the result is parsed and checked.
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
  };
}

/** @param {import('../index').Service} service */
function peerVariables({ app, constant, tcpPort }) {
  return [`  ${constant}_HOST: ${app}`, `  ${constant}_TCP_PORT: "${tcpPort}"`].join('\n');
}

/** @param {import('../index').Service} service */
function serviceEntry({ key, app, constant, httpPort }) {
  const probe =
    `fetch('http://127.0.0.1:${httpPort}/health/ready')` +
    '.then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))';
  return [
    `  ${app}:`,
    '    <<: *app',
    '    build:',
    '      context: .',
    '      args:',
    `        APP: ${app}`,
    '    environment:',
    '      <<: *app-env',
    `      ${constant}_HTTP_PORT: "${httpPort}"`,
    '    ports:',
    `      - "${httpPort}:${httpPort}"`,
    '    volumes:',
    `      - ${key}-data:/data`,
    '    healthcheck:',
    `      test: ["CMD", "node", "-e", "${probe}"]`,
    '      interval: 10s',
    '      timeout: 5s',
    '      retries: 6',
  ].join('\n');
}

module.exports = { addComposeService };
