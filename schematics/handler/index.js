// @ts-check
const {
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  noop,
  url,
} = require('@angular-devkit/schematics');
const { readContracts } = require('../common/contracts');
const { existingService } = require('../common/existing-service');
const { formatTypeScript } = require('../common/format-typescript');
const { registerInModule } = require('../common/module-edit');
const { toKebab, toPascal } = require('../common/names');
const { warnOnOtherProject } = require('../common/project-option');
const { refusal } = require('../common/refusal');

/**
 * `nest g handler <service> <event>`: the service reacts to an event defined in
 * @railyard/contracts, the way payment-service's refund/ does (docs/add-an-event-handler.md):
 * `on-<event>/` with a bus controller (`@EventPattern(X.type)`, the contract's pipe), a command
 * carrying the typed envelope, and a handler that applies its change once per message
 * (`inbox.once`); both registered in `<service>.module.ts`. Refuses an unknown service or event,
 * a contract that is not an event, and an event the service handles already.
 * @param {{ name: string, event?: string, path?: string, format?: boolean, project?: string }} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function main(options) {
  return (tree, context) => {
    const service = existingService(tree, options.name, { needs: ['module'] });
    warnOnOtherProject(options, service.app, context);
    const contract = findEvent(tree, options.event ?? options.path);
    const useCase = `on-${toKebab(contract.name)}`;
    const useCaseClass = toPascal(useCase);
    const folder = `${service.sourceRoot}/${useCase}`;
    const bound = boundIn(tree, service.sourceRoot, contract);
    if (bound) {
      throw refusal(`${service.app} handles ${contract.type} already (${bound}).`);
    }
    const existing = tree.getDir(folder);
    if (existing.subfiles.length > 0 || existing.subdirs.length > 0) {
      throw refusal(`${folder}/ exists already. Remove it first, or edit it.`);
    }
    const module = registerInModule(service.modulePath, tree.readText(service.modulePath), [
      {
        list: 'commandHandlers',
        name: `${useCaseClass}Handler`,
        from: `./${useCase}/${useCase}.handler`,
      },
      {
        list: 'controllers',
        name: `${useCaseClass}MessageController`,
        from: `./${useCase}/${useCase}.message.controller`,
      },
    ]);
    context.logger.info(`${service.app}: ${contract.type} → ${folder}/`);
    const values = {
      ...service,
      contract: contract.name,
      type: contract.type,
      owner: contract.service,
      useCase,
      useCaseClass,
    };
    return chain([
      mergeWith(apply(url('./files'), [applyTemplates(values), move(folder)])),
      (next) => next.overwrite(service.modulePath, module),
      options.format === false ? noop() : formatTypeScript(),
    ]);
  };
}

/**
 * The event named `input` (OrderCancelled, order-cancelled or order.cancelled).
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {unknown} input
 */
function findEvent(tree, input) {
  const given = typeof input === 'string' ? input.trim() : '';
  if (given === '') {
    throw refusal(
      'Name the event: nest g handler <service> <event>, the event by its contract ' +
        '(OrderCancelled) or its type (order.cancelled).',
    );
  }
  const contracts = readContracts(tree);
  const contract =
    contracts.find((candidate) => candidate.name === given || candidate.type === given) ??
    contracts.find((candidate) => candidate.name === toPascal(toKebab(given)));
  const events = contracts.filter((candidate) => candidate.kind === 'event');
  if (!contract) {
    throw refusal(
      `No contract "${given}" in libs/contracts/src. The events are: ` +
        `${events.map((event) => `${event.name} (${event.type})`).join(', ') || 'none'}.`,
    );
  }
  if (contract.kind !== 'event') {
    throw refusal(
      `${contract.name} (${contract.type}) is a ${contract.kind}, not an event: ${contract.service}-service ` +
        'handles it and, for a request, answers it; write that handler by hand (see ' +
        'apps/payment-service/src/refund/).',
    );
  }
  if (!contract.typed) {
    throw refusal(
      `${contract.path}: ${contract.name} has no "export type ${contract.name}" beside it.`,
    );
  }
  return contract;
}

/**
 * Where the service binds the event already: a file of its sources naming `X.type` or the wire
 * type in a pattern decorator.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} sourceRoot
 * @param {import('../common/contracts').ContractDefinition} contract
 * @returns {string | undefined}
 */
function boundIn(tree, sourceRoot, { name, type }) {
  const pattern = new RegExp(
    `@(?:Event|Message)Pattern\\(\\s*(?:${name}\\.type|'${type.replace(/\./g, '\\.')}')\\s*\\)`,
  );
  let found;
  tree.getDir(sourceRoot).visit((file) => {
    if (!found && file.endsWith('.ts') && pattern.test(tree.readText(file))) {
      found = file.replace(/^\//, '');
    }
  });
  return found;
}

module.exports = { main };
