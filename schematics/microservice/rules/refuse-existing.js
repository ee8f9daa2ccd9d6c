// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { refusal } = require('../../common/refusal');

/**
 * Throws (before anything is written) when any trace of the service is already in the repo:
 * its Nest project, its folder, its registry entry, its variables or its contracts.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../../common/names').ServiceNames} names
 */
function refuseExisting(tree, { key, app, constant }) {
  const cli = parseNestCli(readRequired(tree, REPO_FILES.nestCli));
  const folder = tree.getDir(`apps/${app}`);
  const traces = [
    cli.projects?.[app] && `${REPO_FILES.nestCli} has a project "${app}"`,
    (folder.subfiles.length > 0 || folder.subdirs.length > 0) && `apps/${app}/ exists`,
    new RegExp(`^\\s*(['"]?)${key}\\1:`, 'm').test(readRequired(tree, REPO_FILES.services)) &&
      `${REPO_FILES.services} registers "${key}"`,
    new RegExp(`^#?\\s*${constant}_(HTTP_PORT|TCP_PORT|HOST)=`, 'm').test(
      readRequired(tree, REPO_FILES.envExample),
    ) && `${REPO_FILES.envExample} sets ${constant}_* ports`,
    tree.getDir(`libs/contracts/src/${key}`).subfiles.length > 0 &&
      `libs/contracts/src/${key}/ exists`,
  ].filter(Boolean);
  if (traces.length > 0) {
    throw refusal(
      `${app} exists already (${traces.join('; ')}). Choose another name, or remove it first.`,
    );
  }
}

/**
 * @param {string} text
 * @returns {{ projects?: Record<string, { type?: string, [key: string]: unknown }> }}
 */
function parseNestCli(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw refusal(
      `${REPO_FILES.nestCli} is not valid JSON: ${/** @type {Error} */ (error).message}`,
    );
  }
}

module.exports = { refuseExisting, parseNestCli };
