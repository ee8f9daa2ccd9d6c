// @ts-check

/**
 * The Nest CLI asks "Which project would you like to generate to?" before it runs any schematic
 * but app/sub-app/library/lib in a monorepo, unless `-p <project>` is given (shouldAskForProject
 * in @nestjs/cli/lib/utils/project-utils.js); without a terminal that question ends the run. No
 * schematic option or nest-cli.json setting avoids it, so Railyard's commands take `-p` naming the
 * app the files belong to. Each schematic decides its own paths: a `-p` naming another app is
 * ignored, with a warning.
 * @param {{ project?: unknown }} options
 * @param {string} app
 * @param {import('@angular-devkit/schematics').SchematicContext} context
 */
function warnOnOtherProject(options, app, context) {
  if (typeof options.project === 'string' && options.project !== app) {
    context.logger.warn(`-p ${options.project} is ignored: the files go where ${app}'s belong.`);
  }
}

module.exports = { warnOnOtherProject };
