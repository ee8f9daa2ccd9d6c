// @ts-check
const { refusal } = require('./refusal');

/** The repo files the schematic reads or edits, relative to the workspace root. */
const REPO_FILES = {
  nestCli: 'nest-cli.json',
  services: 'libs/contracts/src/services.ts',
  contractsIndex: 'libs/contracts/src/messages.ts',
  envExample: '.env.example',
  compose: 'docker-compose.yml',
  composeDatabases: 'deploy/compose/postgres-init/01-databases.sql',
  k8sBase: 'deploy/k8s/base/kustomization.yaml',
  k8sConfig: 'deploy/k8s/base/config.env',
  k8sSecrets: 'deploy/k8s/base/secrets.env',
  readme: 'README.md',
  testSystem: 'test/support/system.ts',
};

/**
 * The text of a file the generator depends on, or a refusal naming it.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} path
 * @returns {string}
 */
function readRequired(tree, path) {
  if (!tree.exists(path)) throw refusal(`${path} is missing: run the generator at the repo root.`);
  return tree.readText(path);
}

module.exports = { REPO_FILES, readRequired };
