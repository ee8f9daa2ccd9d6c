// @ts-check
const { REPO_FILES } = require('../repo-files');

/** The README's list of apps: a line of `name/` folders, at least one of them a `-service/`. */
const APP_LIST = /^( +)((?:[a-z0-9-]+\/ +)*[a-z0-9-]+\/) *$/;

/**
 * Appends the app to the README's list of apps (the Layout section). Documentation only: when
 * the list is not found, it says so and carries on.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addReadmeEntry({ app }) {
  return (tree, context) => {
    const text = tree.exists(REPO_FILES.readme) ? tree.readText(REPO_FILES.readme) : '';
    const lines = text.split('\n');
    const at = lines.findIndex((line) => APP_LIST.test(line) && line.includes('-service/'));
    if (at < 0) {
      context.logger.warn(`${REPO_FILES.readme}: no list of apps found; add ${app}/ by hand.`);
      return;
    }
    lines[at] = `${lines[at].trimEnd()} ${app}/`;
    tree.overwrite(REPO_FILES.readme, lines.join('\n'));
  };
}

module.exports = { addReadmeEntry };
