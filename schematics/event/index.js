// @ts-check
const { chain, noop } = require('@angular-devkit/schematics');
const { exportedBy, readContracts } = require('../common/contracts');
const { existingService } = require('../common/existing-service');
const { formatTypeScript } = require('../common/format-typescript');
const { KEBAB, toKebab, toPascal } = require('../common/names');
const { warnOnOtherProject } = require('../common/project-option');
const { refusal } = require('../common/refusal');
const { ensureImport } = require('../common/module-edit');
const { insertAfterLastLine } = require('../common/text-edit');

/** `export type X = z.output<typeof X.payload>;`: the end of a contract in a messages file. */
const CONTRACT_END = /^export type \w+ = z\.output<typeof \w+\.(?:payload|result)>;$/;

/**
 * `nest g event <service> <name>`: a new event contract (defineEvent) in the service's
 * libs/contracts/src/<service>/<service>.messages.ts, after its last contract, with its payload
 * type beside it. `ParcelDispatched` and `parcel-dispatched` both give `ParcelDispatched`, type
 * `<service>.parcel-dispatched`; a name that starts with the service's drops it from the type
 * (`ShippingDelayed` → `shipping.delayed`). Refuses an unknown service and a name or type that
 * exists already.
 * @param {{ name: string, event?: string, path?: string, format?: boolean, project?: string }} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function main(options) {
  return (tree, context) => {
    const service = existingService(tree, options.name, { needs: ['messages'] });
    warnOnOtherProject(options, service.app, context);
    const { name, type } = eventNames(options.event ?? options.path, service.key);
    const exporter = exportedBy(tree, name);
    if (exporter) throw refusal(`${name} exists already (${exporter}). Choose another name.`);
    const taken = readContracts(tree).find((contract) => contract.type === type);
    if (taken) {
      throw refusal(
        `${type} exists already (${taken.name} in ${taken.path}). Choose another name.`,
      );
    }
    const block = [
      '',
      `export const ${name} = defineEvent({`,
      `  type: '${type}',`,
      `  service: '${service.key}',`,
      `  summary: '${sentence(type.slice(service.key.length + 1))}',`,
      '  payload: z.object({ orderId: textId }),',
      '});',
      `export type ${name} = z.output<typeof ${name}.payload>;`,
    ].join('\n');
    let text = withImports(tree.readText(service.messagesPath));
    text =
      insertAfterLastLine(text, CONTRACT_END, block) ?? `${text.replace(/\n*$/, '')}\n${block}\n`;
    context.logger.info(`${service.messagesPath}: ${name} (${type})`);
    return chain([
      (next) => next.overwrite(service.messagesPath, text),
      options.format === false ? noop() : formatTypeScript(),
    ]);
  };
}

/**
 * @param {unknown} input
 * @param {string} key
 */
function eventNames(input, key) {
  const given = typeof input === 'string' ? input : '';
  const kebab = toKebab(given);
  if (!KEBAB.test(kebab)) {
    throw refusal(
      `"${given}" is not an event name: use words of letters and digits, each starting with a ` +
        'letter (e.g. ParcelDispatched or parcel-dispatched).',
    );
  }
  const own = kebab.startsWith(`${key}-`) ? kebab.slice(key.length + 1) : kebab;
  return { name: toPascal(kebab), type: `${key}.${own}` };
}

/** `parcel-dispatched` → `Parcel dispatched.` (a first summary, for the AsyncAPI document) */
function sentence(/** @type {string} */ kebab) {
  const words = kebab.replace(/-/g, ' ');
  return `${words[0].toUpperCase()}${words.slice(1)}.`;
}

/**
 * The messages file with `z`, `defineEvent` and `textId` imported.
 * @param {string} text
 */
function withImports(text) {
  let edited = ensureImport(text, 'defineEvent', '../contract/message-contract');
  edited = ensureImport(edited, 'textId', '../fields');
  if (!/^import \{ z \} from 'zod\/v4';$/m.test(edited)) {
    edited = `import { z } from 'zod/v4';\n${edited}`;
  }
  return edited;
}

module.exports = { main };
