// @ts-check

/**
 * One contract as its messages file defines it.
 * @typedef {object} ContractDefinition
 * @property {string} name     the exported constant: `OrderCancelled`
 * @property {'event' | 'command' | 'query'} kind
 * @property {string} type     its wire type: `order.cancelled`
 * @property {string} service  the service that owns it: `order`
 * @property {boolean} typed   an `export type <name>` (its payload type) sits beside it
 * @property {string} path     the messages file
 */

const CONTRACTS_ROOT = 'libs/contracts/src';
const DEFINITION =
  /^export const ([A-Za-z_$][\w$]*) = define(Event|Command|Query)\(\{([\s\S]*?)^\}\);/gm;

/**
 * Every contract of every `*.messages.ts` file under libs/contracts/src, read as text (the
 * house layout: `export const X = defineEvent({ type: '...', service: '...', ... });`).
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @returns {ContractDefinition[]}
 */
function readContracts(tree) {
  /** @type {ContractDefinition[]} */
  const found = [];
  tree.getDir(CONTRACTS_ROOT).visit((file) => {
    if (!file.endsWith('.messages.ts')) return;
    const path = file.replace(/^\//, '');
    const text = tree.readText(path);
    for (const [, name, kind, body] of text.matchAll(DEFINITION)) {
      found.push({
        name,
        kind: /** @type {ContractDefinition['kind']} */ (kind.toLowerCase()),
        type: /^\s*type: '([^']+)'/m.exec(body)?.[1] ?? '',
        service: /^\s*service: '([^']+)'/m.exec(body)?.[1] ?? '',
        typed: new RegExp(`^export type ${name}\\b`, 'm').test(text),
        path,
      });
    }
  });
  return found;
}

/**
 * Whether `name` is exported by any messages file (a second one would make the contracts'
 * `export *` ambiguous).
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} name
 * @returns {string | undefined} the file that exports it
 */
function exportedBy(tree, name) {
  let path;
  const exported = new RegExp(`^export (?:const|type|function|class|interface) ${name}\\b`, 'm');
  tree.getDir(CONTRACTS_ROOT).visit((file) => {
    if (!path && file.endsWith('.ts') && exported.test(tree.readText(file))) {
      path = file.replace(/^\//, '');
    }
  });
  return path;
}

module.exports = { readContracts, exportedBy, CONTRACTS_ROOT };
