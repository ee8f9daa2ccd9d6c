// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { parseNestCli } = require('./refuse-existing');

/**
 * Adds the app to nest-cli.json after the last application, so `nest build`, the build script
 * and `npm start` (scripts/lib/apps.js reads the projects) all pick it up.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addProject({ app }) {
  return (tree) => {
    const text = readRequired(tree, REPO_FILES.nestCli);
    const cli = parseNestCli(text);
    const projects = Object.entries(cli.projects ?? {});
    const lastApp = projects.map(([, project]) => project.type).lastIndexOf('application');
    projects.splice(lastApp + 1, 0, [
      app,
      {
        type: 'application',
        root: `apps/${app}`,
        entryFile: 'main',
        sourceRoot: `apps/${app}/src`,
        compilerOptions: { tsConfigPath: `apps/${app}/tsconfig.app.json` },
      },
    ]);
    cli.projects = Object.fromEntries(projects);
    const newline = text.endsWith('\n') ? '\n' : '';
    tree.overwrite(REPO_FILES.nestCli, JSON.stringify(cli, null, 2) + newline);
  };
}

module.exports = { addProject };
