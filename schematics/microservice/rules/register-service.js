// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { refusal } = require('../../common/refusal');

const REGISTRY = /(export const SERVICES = \{\n[\s\S]*?)(\} as const;)/;
const CONTRACT_EXPORT = /^export \* from '(.+)';$/;

/**
 * Adds the service to SERVICES in libs/contracts: its default ports, and its name as a TCP peer
 * (the TCP transport reaches every registered service at <NAME>_HOST:<NAME>_TCP_PORT).
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function registerService({ registryKey, httpPort, tcpPort }) {
  return (tree) => {
    const text = readRequired(tree, REPO_FILES.services);
    if (!REGISTRY.test(text)) {
      throw refusal(
        `${REPO_FILES.services}: no "export const SERVICES = { ... } as const;" found.`,
      );
    }
    const entry = `  ${registryKey}: { httpPort: ${httpPort}, tcpPort: ${tcpPort} },\n`;
    tree.overwrite(REPO_FILES.services, text.replace(REGISTRY, `$1${entry}$2`));
  };
}

/**
 * Exports the generated contracts from libs/contracts/src/messages.ts (the list of every service's
 * messages that CONTRACTS is built from), in path order.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function exportContracts({ key }) {
  return (tree) => {
    const lines = readRequired(tree, REPO_FILES.contractsIndex).split('\n');
    const from = `./${key}/${key}.messages`;
    const exports = lines.flatMap((line, index) => {
      const match = CONTRACT_EXPORT.exec(line);
      return match ? [{ index, from: match[1] }] : [];
    });
    const after = exports.filter((candidate) => candidate.from > from)[0];
    const at = after ? after.index : (exports.at(-1)?.index ?? -1) + 1;
    lines.splice(at, 0, `export * from '${from}';`);
    tree.overwrite(REPO_FILES.contractsIndex, lines.join('\n'));
  };
}

module.exports = { registerService, exportContracts };
