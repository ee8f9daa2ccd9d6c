// @ts-check
const { join } = require('node:path');

/**
 * Runs the repo's Prettier (with its .prettierrc) over every TypeScript file this run created or
 * changed, so the output passes `npm run lint` whatever the length of the service's name.
 * Formatting is a courtesy: where Prettier is missing or fails, it warns and leaves the files as
 * rendered (`npm run format` fixes them).
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function formatTypeScript() {
  return async (tree, context) => {
    const touched = tree.actions
      .filter((action) => action.kind === 'c' || action.kind === 'o')
      .map((action) => action.path.replace(/^\//, ''))
      .filter((path) => path.endsWith('.ts'));
    try {
      const prettier = require(require.resolve('prettier', { paths: [process.cwd()] }));
      for (const path of new Set(touched)) {
        const filepath = join(process.cwd(), path);
        const options = (await prettier.resolveConfig(filepath)) ?? {};
        tree.overwrite(path, await prettier.format(tree.readText(path), { ...options, filepath }));
      }
    } catch (error) {
      const reason = /** @type {Error} */ (error).message;
      context.logger.warn(`not formatted (${reason}); run \`npm run format\`.`);
    }
  };
}

module.exports = { formatTypeScript };
