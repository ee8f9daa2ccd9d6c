// @ts-check
const { chain, noop } = require('@angular-devkit/schematics');
const { serviceNames } = require('../common/names');
const { warnOnOtherProject } = require('../common/project-option');
const { nextFreePorts } = require('./ports');
const { addComposeService } = require('./rules/add-compose-service');
const { addEnvExample } = require('./rules/add-env-example');
const { addKubernetesService } = require('./rules/add-kubernetes-service');
const { addProject } = require('./rules/add-project');
const { addReadmeEntry } = require('./rules/add-readme-entry');
const { addTestSystemApp } = require('./rules/add-test-system-app');
const { formatTypeScript } = require('../common/format-typescript');
const { refuseExisting } = require('./rules/refuse-existing');
const { exportContracts, registerService } = require('./rules/register-service');
const { renderService } = require('./rules/render-service');

/**
 * What every template and edit is given.
 * @typedef {import('../common/names').ServiceNames & {
 *   httpPort: number,
 *   tcpPort: number,
 *   timestamp: number,
 * }} Service
 */

/**
 * `nest g microservice <name>`: a bounded-context service like order-service, wired into the
 * repo. A bad or taken name is refused before anything is touched; then each repo file is
 * edited by one small rule. The schematics engine writes the tree only if every rule succeeded,
 * so a failure changes nothing.
 * @param {{ name: string, timestamp?: number, format?: boolean, project?: string }} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function main(options) {
  return (tree, context) => {
    const names = serviceNames(options.name);
    refuseExisting(tree, names);
    warnOnOtherProject(options, names.app, context);
    /** @type {Service} */
    const service = {
      ...names,
      ...nextFreePorts(tree),
      timestamp: options.timestamp ?? Date.now(),
    };
    context.logger.info(`${service.app}: HTTP ${service.httpPort}, TCP ${service.tcpPort}`);
    return chain([
      renderService(service),
      addProject(service),
      registerService(service),
      exportContracts(service),
      addEnvExample(service),
      addComposeService(service),
      addKubernetesService(service),
      addReadmeEntry(service),
      addTestSystemApp(service),
      options.format === false ? noop() : formatTypeScript(),
    ]);
  };
}

module.exports = { main };
