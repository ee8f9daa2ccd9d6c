// @ts-check
const { parseNestCli } = require('../microservice/rules/refuse-existing');
const { serviceNames } = require('./names');
const { refusal } = require('./refusal');
const { REPO_FILES, readRequired } = require('./repo-files');

/**
 * A service the repo has, as `nest g handler|event|saga <service>` name it: `inventory`,
 * `Inventory`, `inventory-service`, `order-history`...
 * @typedef {import('./names').ServiceNames & {
 *   sourceRoot: string,
 *   modulePath: string,
 *   messagesPath: string,
 * }} ExistingService
 */

/**
 * The service named `input`, or a refusal that lists the services there are. A service is a Nest
 * project `<key>-service` whose bounded-context module is `apps/<key>-service/src/<key>.module.ts`
 * (the layout `nest g microservice` creates) and whose messages are
 * `libs/contracts/src/<key>/<key>.messages.ts`.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {unknown} input
 * @param {{ needs: Array<'module' | 'messages'> }} what the caller edits
 * @returns {ExistingService}
 */
function existingService(tree, input, { needs }) {
  if (typeof input !== 'string' || input.trim() === '') {
    throw refusal('Name the service first (e.g. inventory or order-history).');
  }
  const names = serviceNames(input);
  const projects = parseNestCli(readRequired(tree, REPO_FILES.nestCli)).projects ?? {};
  const service = {
    ...names,
    sourceRoot: `apps/${names.app}/src`,
    modulePath: `apps/${names.app}/src/${names.key}.module.ts`,
    messagesPath: `libs/contracts/src/${names.key}/${names.key}.messages.ts`,
  };
  const missing = [
    !projects[names.app] && `${REPO_FILES.nestCli} has no project "${names.app}"`,
    needs.includes('module') &&
      !tree.exists(service.modulePath) &&
      `${service.modulePath} is missing`,
    needs.includes('messages') &&
      !tree.exists(service.messagesPath) &&
      `${service.messagesPath} is missing`,
  ].filter(Boolean);
  if (missing.length > 0) {
    const known = Object.keys(projects)
      .filter((name) => name.endsWith('-service'))
      .map((name) => name.replace(/-service$/, ''));
    throw refusal(
      `There is no service "${names.key}" (${missing.join('; ')}). ` +
        `The services are: ${known.join(', ') || 'none'}.`,
    );
  }
  return service;
}

module.exports = { existingService };
