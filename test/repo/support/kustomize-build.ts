import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseLabelSelector } from './label-selector';

/**
 * The part of `kustomize build` that deploy/k8s uses, for checking its output where no kustomize
 * or kubectl is installed: resources (files and kustomization folders), configMapGenerator and
 * secretGenerator (env files and literals; behavior create, merge, replace), JSON 6902 patches
 * picked by kind, name and label selector, namespace, labels and images. A key or option outside
 * that is refused, so a kustomization that starts using one fails its check here instead of
 * rendering differently from kustomize. One difference on purpose: generated ConfigMaps and
 * Secrets keep their names, where kustomize appends a hash of their content and rewrites every
 * reference to them, so references resolve the same way in both.
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface Rendered {
  object: K8sObject;
  /** Made by a generator: only these may be merged into by a later one of the same name. */
  generated: boolean;
}

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  envs?: string[];
  literals?: string[];
}

interface Patch {
  target: { kind?: string; name?: string; labelSelector?: string };
  patch?: string;
  path?: string;
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  generatorOptions?: { labels?: Record<string, string> };
  patches?: Patch[];
  labels?: Array<{
    pairs: Record<string, string>;
    includeTemplates?: boolean;
    includeSelectors?: boolean;
  }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

const SUPPORTED: Record<string, readonly string[]> = {
  kustomization: [
    'apiVersion',
    'kind',
    'namespace',
    'resources',
    'configMapGenerator',
    'secretGenerator',
    'generatorOptions',
    'patches',
    'labels',
    'images',
  ],
  generator: ['name', 'behavior', 'envs', 'literals'],
  generatorOptions: ['labels'],
  patch: ['target', 'patch', 'path'],
  target: ['kind', 'name', 'labelSelector'],
  labels: ['pairs', 'includeTemplates', 'includeSelectors'],
  images: ['name', 'newName', 'newTag'],
};

/** Kinds without a namespace among those deploy/k8s may hold. */
const CLUSTER_SCOPED = new Set(['Namespace']);

export function kustomizeBuild(dir: string): K8sObject[] {
  return build(dir).map(({ object }) => object);
}

function build(dir: string): Rendered[] {
  const kustomization = readKustomization(dir);
  const rendered = (kustomization.resources ?? []).flatMap((entry) => resource(dir, entry));
  const options = kustomization.generatorOptions ?? {};
  refuseUnknown(options, 'generatorOptions', dir);
  for (const generator of kustomization.configMapGenerator ?? []) {
    generate(rendered, 'ConfigMap', generator, dir, options.labels);
  }
  for (const generator of kustomization.secretGenerator ?? []) {
    generate(rendered, 'Secret', generator, dir, options.labels);
  }
  for (const patch of kustomization.patches ?? []) applyPatch(rendered, patch, dir);
  for (const { object } of rendered) {
    if (kustomization.namespace && !CLUSTER_SCOPED.has(object.kind)) {
      object.metadata.namespace = kustomization.namespace;
    }
    for (const label of kustomization.labels ?? []) addLabels(object, label, dir);
    for (const image of kustomization.images ?? []) setImage(object, image, dir);
  }
  return rendered;
}

function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir}: no kustomization.yaml`);
  const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization;
  refuseUnknown(kustomization, 'kustomization', file);
  return kustomization;
}

function refuseUnknown(value: object, kind: keyof typeof SUPPORTED, where: string): void {
  const unknown = Object.keys(value).filter((key) => !SUPPORTED[kind].includes(key));
  if (unknown.length > 0) {
    throw new Error(`${where}: ${kind} key(s) ${unknown.join(', ')} not supported by this check`);
  }
}

function resource(dir: string, entry: string): Rendered[] {
  const path = join(dir, entry);
  if (statSync(path).isDirectory()) return build(path);
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null)
    .map((object) => ({ object, generated: false }));
}

function generate(
  rendered: Rendered[],
  kind: 'ConfigMap' | 'Secret',
  generator: Generator,
  dir: string,
  labels: Record<string, string> = {},
): void {
  refuseUnknown(generator, 'generator', `${dir}: ${kind} ${generator.name}`);
  const data: Record<string, string> = {};
  const add = (entries: Array<[string, string]>, source: string) => {
    for (const [key, value] of entries) {
      if (key in data) throw new Error(`${source}: ${key} given twice`);
      data[key] = value;
    }
  };
  for (const env of generator.envs ?? []) add(readEnvFile(join(dir, env)), join(dir, env));
  add((generator.literals ?? []).map(splitLiteral), `${dir}: literals of ${generator.name}`);
  const behavior = generator.behavior ?? 'create';
  const existing = rendered.find(
    ({ object }) => object.kind === kind && object.metadata.name === generator.name,
  );
  if (behavior === 'create') {
    if (existing) throw new Error(`${dir}: ${kind} ${generator.name} exists already`);
    rendered.push({ object: generatedObject(kind, generator.name, data, labels), generated: true });
    return;
  }
  if (!existing?.generated) {
    throw new Error(`${dir}: no generated ${kind} ${generator.name} to ${behavior}`);
  }
  const merged = behavior === 'merge' ? { ...decoded(existing.object), ...data } : data;
  const { metadata } = existing.object;
  const object = generatedObject(kind, generator.name, merged, { ...metadata.labels, ...labels });
  existing.object = { ...object, metadata: { ...metadata, ...object.metadata } };
}

/**
 * kustomize's env file: `KEY=value` lines, blank lines and `#` comments skipped; the value is
 * taken as written. Quotes would be kept as part of the value, so they are refused here.
 */
export function readEnvFile(path: string): Array<[string, string]> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const entry = splitLiteral(line);
      if (/^["']/.test(entry[1])) throw new Error(`${path}: ${entry[0]} is quoted`);
      return entry;
    });
}

function splitLiteral(line: string): [string, string] {
  const match = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/.exec(line);
  if (!match) throw new Error(`"${line}" is not KEY=value`);
  return [match[1], match[2]];
}

function generatedObject(
  kind: 'ConfigMap' | 'Secret',
  name: string,
  data: Record<string, string>,
  labels: Record<string, string>,
): K8sObject {
  const metadata = { name, ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}) };
  if (kind === 'ConfigMap') return { apiVersion: 'v1', kind, metadata, data };
  const encoded = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return { apiVersion: 'v1', kind, type: 'Opaque', metadata, data: encoded };
}

/** A ConfigMap's or Secret's data as plain strings. */
export function decoded(object: K8sObject): Record<string, string> {
  const data = (object.data ?? {}) as Record<string, string>;
  if (object.kind !== 'Secret') return { ...data };
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
  );
}

function applyPatch(rendered: Rendered[], patch: Patch, dir: string): void {
  refuseUnknown(patch, 'patch', `${dir}: patch`);
  refuseUnknown(patch.target ?? {}, 'target', `${dir}: patch target`);
  const text = patch.path ? readFileSync(join(dir, patch.path), 'utf8') : patch.patch;
  const operations = parse(text ?? '') as unknown;
  if (!Array.isArray(operations)) {
    throw new Error(`${dir}: only JSON 6902 patches (a list of operations) are supported`);
  }
  const { kind, name, labelSelector } = patch.target ?? {};
  const selects = labelSelector ? parseLabelSelector(labelSelector) : () => true;
  const targets = rendered.filter(
    ({ object }) =>
      (!kind || object.kind === kind) &&
      (!name || object.metadata.name === name) &&
      selects(object.metadata.labels ?? {}),
  );
  if (targets.length === 0) throw new Error(`${dir}: a patch matches nothing`);
  for (const { object } of targets) {
    for (const operation of operations as JsonPatchOperation[]) applyOperation(object, operation);
  }
}

interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

function applyOperation(object: K8sObject, { op, path, value }: JsonPatchOperation): void {
  if (!['add', 'replace', 'remove'].includes(op)) {
    throw new Error(`JSON patch operation "${op}" not supported by this check`);
  }
  const missing = () => new Error(`${object.kind} ${object.metadata.name}: no ${path} to ${op}`);
  const keys = path
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  let parent: unknown = object;
  for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
  if (last === undefined || parent === null || typeof parent !== 'object') throw missing();
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index > parent.length) throw missing();
    if (op !== 'add' && index === parent.length) throw missing();
    if (op === 'add') parent.splice(index, 0, value);
    else if (op === 'replace') parent[index] = value;
    else parent.splice(index, 1);
    return;
  }
  const fields = parent as Record<string, unknown>;
  if (op !== 'add' && !(last in fields)) throw missing();
  if (op === 'remove') delete fields[last];
  else fields[last] = value;
}

function addLabels(
  object: K8sObject,
  label: NonNullable<Kustomization['labels']>[number],
  dir: string,
): void {
  refuseUnknown(label, 'labels', `${dir}: labels`);
  if (label.includeSelectors) throw new Error(`${dir}: labels.includeSelectors not supported`);
  object.metadata.labels = { ...object.metadata.labels, ...label.pairs };
  const template = podTemplate(object);
  if (label.includeTemplates && template) {
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, ...label.pairs },
    };
  }
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> };
}

/** The pod template of a workload (Deployment, Job, ...), if the object has one. */
export function podTemplate(object: K8sObject): PodTemplate | undefined {
  return (object.spec as { template?: PodTemplate } | undefined)?.template;
}

function setImage(
  object: K8sObject,
  image: NonNullable<Kustomization['images']>[number],
  dir: string,
): void {
  refuseUnknown(image, 'images', `${dir}: images`);
  const spec = podTemplate(object)?.spec;
  for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    // name[:tag]: a colon after the last slash starts the tag (one before it is a registry port).
    const match = /^(.*?)(?::([^:/]+))?$/.exec(container.image ?? '');
    if (!match || match[1] !== image.name) continue;
    const tag = image.newTag ?? match[2];
    container.image = `${image.newName ?? match[1]}${tag ? `:${tag}` : ''}`;
  }
}
