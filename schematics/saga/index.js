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
const { existingService } = require('../common/existing-service');
const { formatTypeScript } = require('../common/format-typescript');
const { appendToArray, ensureImport } = require('../common/module-edit');
const { KEBAB, toKebab, toPascal } = require('../common/names');
const { warnOnOtherProject } = require('../common/project-option');
const { refusal } = require('../common/refusal');
const { REPO_FILES } = require('../common/repo-files');

/** The services running sagas, whose saga admin routes the gateway serves (libs/contracts). */
const SAGA_HOSTS = /(export const SAGA_HOSTS: readonly ServiceName\[\] = \[)([^\]]*)(\];)/;

/** `CqrsModule.forRoot()` in a module's `imports: [...]` (not in a comment). */
const CQRS_IMPORT = /\bimports: \[[^\]]*?\bCqrsModule\.forRoot\(\)/;

/**
 * `nest g saga <service> <name>`: an orchestrated saga skeleton (@railyard/saga) in
 * `<name>/<name>.saga.ts`, registered with the service's SagaModule. A service that has none
 * gets one beside its CqrsModule, and the saga tables in its database model (the house layout
 * `nest g microservice` creates). Refuses an unknown service, a saga name it has already, and a
 * module it cannot register the saga in.
 * @param {{ name: string, saga?: string, path?: string, format?: boolean, project?: string }} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function main(options) {
  return (tree, context) => {
    const service = existingService(tree, options.name, { needs: ['module'] });
    warnOnOtherProject(options, service.app, context);
    const saga = sagaName(options.saga ?? options.path);
    const sagaClass = toPascal(saga);
    const folder = `${service.sourceRoot}/${saga}`;
    const existing = tree.getDir(folder);
    if (existing.subfiles.length > 0 || existing.subdirs.length > 0) {
      throw refusal(`${folder}/ exists already. Choose another name.`);
    }
    const taken = definedIn(tree, service.sourceRoot, saga, `${sagaClass}Saga`);
    if (taken) throw refusal(`${service.app} has a saga "${saga}" already (${taken}).`);
    const edits = register(tree, service, `${sagaClass}Saga`, `./${saga}/${saga}.saga`);
    context.logger.info(`${service.app}: ${sagaClass}Saga in ${folder}/`);
    const values = {
      ...service,
      saga,
      sagaClass,
      sagaConstant: saga.toUpperCase().replace(/-/g, '_'),
    };
    return chain([
      mergeWith(apply(url('./files'), [applyTemplates(values), move(folder)])),
      (next) => edits.forEach(([path, text]) => next.overwrite(path, text)),
      options.format === false ? noop() : formatTypeScript(),
    ]);
  };
}

/** @param {unknown} input */
function sagaName(input) {
  const given = typeof input === 'string' ? input : '';
  const saga = toKebab(given).replace(/-saga$/, '');
  if (!KEBAB.test(saga)) {
    throw refusal(
      `"${given}" is not a saga name: use words of letters and digits, each starting with a ` +
        'letter (e.g. ship-order or ShipOrder).',
    );
  }
  return saga;
}

/**
 * A file of the service's sources that declares the class or uses the saga type already.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} sourceRoot
 * @param {string} saga
 * @param {string} sagaClass
 * @returns {string | undefined}
 */
function definedIn(tree, sourceRoot, saga, sagaClass) {
  const declared = new RegExp(`\\bclass ${sagaClass}\\b|= '${saga}';`);
  let found;
  tree.getDir(sourceRoot).visit((file) => {
    if (!found && file.endsWith('.ts') && declared.test(tree.readText(file))) {
      found = file.replace(/^\//, '');
    }
  });
  return found;
}

/**
 * The edited files that register the saga: its class in the module's
 * `SagaModule.forRoot({ sagas: [...] })`; or, in a module without one, a SagaModule after
 * `CqrsModule.forRoot()`, the saga tables (sagaModel) in the database model, the SAGA_*
 * variables (sagaEnvSchema) in the config schema and the service in SAGA_HOSTS (so the gateway's
 * saga admin routes serve it).
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../common/existing-service').ExistingService} service
 * @param {string} name
 * @param {string} from
 * @returns {Array<[string, string]>}
 */
function register(tree, service, name, from) {
  const { modulePath, sourceRoot, key } = service;
  const moduleText = tree.readText(modulePath);
  const listed = appendToArray(
    moduleText,
    /(SagaModule\.forRoot\(\{[^)]*?\bsagas: \[)([^\]]*)(\])/,
    name,
  );
  if (listed !== undefined) return [[modulePath, ensureImport(listed, name, from)]];

  const modelPath = `${sourceRoot}/database/${key}.model.ts`;
  const configPath = `${sourceRoot}/config/${key}.config.ts`;
  const cannot = (/** @type {string} */ why) =>
    refusal(
      `${modulePath} has no SagaModule.forRoot({ sagas: [...] }) to add ${name} to, and ${why}. ` +
        'Add SagaModule and the saga tables (sagaModel) as order-service does, then run it again.',
    );
  if (!CQRS_IMPORT.test(moduleText)) throw cannot('no CqrsModule.forRoot() to add one beside');
  if (!tree.exists(modelPath)) throw cannot(`${modelPath} (its database model) is missing`);
  if (!tree.exists(configPath)) throw cannot(`${configPath} (its config schema) is missing`);
  // SagaModule takes its SAGA_* settings from the app's parsed config: the schema must hold them.
  const config = tree
    .readText(configPath)
    .replace(/\.merge\(messagingEnvSchema\)/, (merged) => `${merged}\n  .merge(sagaEnvSchema)`);
  if (!config.includes('.merge(sagaEnvSchema)')) {
    throw cannot(`${configPath} has no ".merge(messagingEnvSchema)" to add sagaEnvSchema beside`);
  }
  let model = tree.readText(modelPath);
  for (const list of ['entities', 'migrations']) {
    if (model.includes(`sagaModel.${list}`)) continue;
    const edited = appendToArray(
      model,
      new RegExp(`(\\b${list}: \\[)([^\\]]*)(\\])`),
      `...sagaModel.${list}`,
    );
    if (edited === undefined) throw cannot(`${modelPath} has no "${list}: [...]"`);
    model = edited;
  }
  const services = tree.readText(REPO_FILES.services);
  const hosts = SAGA_HOSTS.exec(services)?.[2] ?? '';
  const hosting = hosts.includes(`'${key}'`)
    ? services
    : appendToArray(services, SAGA_HOSTS, `'${key}'`);
  if (hosting === undefined) {
    throw cannot(`${REPO_FILES.services} has no "SAGA_HOSTS: readonly ServiceName[] = [...]"`);
  }
  let module = moduleText.replace(
    CQRS_IMPORT,
    (imported) => `${imported}, SagaModule.forRoot({ sagas: [${name}] })`,
  );
  module = ensureImport(ensureImport(module, 'SagaModule', '@railyard/saga'), name, from);
  return [
    [modulePath, module],
    [modelPath, ensureImport(model, 'sagaModel', '@railyard/saga')],
    [configPath, ensureImport(config, 'sagaEnvSchema', '@railyard/saga')],
    ...(hosting === services ? [] : [[REPO_FILES.services, hosting]]),
  ];
}

module.exports = { main };
