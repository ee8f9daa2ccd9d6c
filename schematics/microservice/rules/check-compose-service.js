// @ts-check
const { REPO_FILES } = require('../../common/repo-files');
const { refusal } = require('../../common/refusal');

/**
 * Parses the edited compose file (with the `yaml` package the repo's own compose checks use)
 * and confirms the new service resolves as intended, anchors merged. Skipped, with a warning,
 * where `yaml` is not installed.
 * @param {string} text
 * @param {import('../index').Service} service
 * @param {import('@angular-devkit/schematics').SchematicContext} context
 */
function checkComposeService(text, { app, constant, snake, httpPort, tcpPort }, context) {
  let yaml;
  try {
    yaml = require(require.resolve('yaml', { paths: [process.cwd(), __dirname] }));
  } catch {
    context.logger.warn(`${REPO_FILES.compose}: "yaml" is not installed; the edit is not checked.`);
    return;
  }
  let services;
  try {
    services = yaml.parse(text, { merge: true }).services;
  } catch (error) {
    throw refusal(`${REPO_FILES.compose} would not parse: ${/** @type {Error} */ (error).message}`);
  }
  const entry = services?.[app];
  const ok =
    entry?.build?.args?.APP === app &&
    entry?.environment?.[`${constant}_HTTP_PORT`] === String(httpPort) &&
    entry?.environment?.[`${constant}_TCP_PORT`] === String(tcpPort) &&
    entry?.environment?.MIGRATIONS === 'auto' &&
    String(entry?.environment?.[`${constant}_DATABASE_URL`]).endsWith(`@postgres:5432/${snake}`) &&
    entry?.expose?.includes(String(httpPort)) &&
    entry?.ports === undefined;
  if (!ok) throw refusal(`${REPO_FILES.compose}: ${app} did not come out as expected.`);
}

module.exports = { checkComposeService };
