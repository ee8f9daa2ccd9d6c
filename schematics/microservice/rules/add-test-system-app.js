// @ts-check
const { REPO_FILES } = require('../../common/repo-files');

const SERVICE_APPS = /export const SERVICE_APPS = \[([^\]]*)\] as const;/;

/**
 * Adds the app to SERVICE_APPS in test/support/system.ts, so the e2e suites start it with the
 * others. Needed on TCP: a publish waits for every registered peer, and a registered service
 * that is not running would make the other services' publishes fail.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addTestSystemApp({ app }) {
  return (tree, context) => {
    const text = tree.exists(REPO_FILES.testSystem) ? tree.readText(REPO_FILES.testSystem) : '';
    const match = SERVICE_APPS.exec(text);
    if (!match) {
      context.logger.warn(
        `${REPO_FILES.testSystem}: no SERVICE_APPS list found; add '${app}' so e2e tests start it.`,
      );
      return;
    }
    const apps = [...match[1].matchAll(/'([^']+)'/g)].map((item) => `'${item[1]}'`);
    const list = [...apps, `'${app}'`].join(', ');
    tree.overwrite(
      REPO_FILES.testSystem,
      text.replace(SERVICE_APPS, `export const SERVICE_APPS = [${list}] as const;`),
    );
  };
}

module.exports = { addTestSystemApp };
