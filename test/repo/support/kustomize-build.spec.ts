import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decoded, K8sObject, kustomizeBuild } from './kustomize-build';

/** Each case writes a small base and overlay to a temporary folder and renders the overlay. */
describe('kustomizeBuild (the part of kustomize deploy/k8s uses)', () => {
  let dir: string;
  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const find = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind)!;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kustomize-build-'));
    write({
      'base/kustomization.yaml': [
        'namespace: shop',
        'labels:',
        '  - pairs: { part-of: shop }',
        '    includeTemplates: true',
        'resources: [app]',
        'configMapGenerator:',
        '  - name: config',
        '    envs: [config.env]',
        '    literals: [FROM_LITERAL=yes]',
        'secretGenerator:',
        '  - name: secrets',
        '    envs: [secrets.env]',
        'generatorOptions:',
        '  labels: { component: config }',
        'images:',
        '  - name: shop/app',
        '    newName: registry.test:5000/shop/app',
        '    newTag: "1.2"',
      ].join('\n'),
      'base/config.env': '# a comment\n\nLEVEL=info\nPORT=3000\n',
      'base/secrets.env': 'TOKEN=REPLACE_ME\n',
      'base/app/kustomization.yaml': 'resources: [workloads.yaml]\n',
      'base/app/workloads.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: app, labels: { tier: web } }',
        'spec:',
        '  template:',
        '    metadata: { labels: { app: app } }',
        '    spec: { containers: [{ name: app, image: shop/app }] }',
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata: { name: app, labels: { tier: web } }',
        'spec: { maxReplicas: 3, minReplicas: 2 }',
      ].join('\n'),
      'overlay/kustomization.yaml': [
        'namespace: shop',
        'resources: [../base]',
        'configMapGenerator:',
        '  - name: config',
        '    behavior: merge',
        '    envs: [config.env]',
        'patches:',
        '  - target: { kind: HorizontalPodAutoscaler, labelSelector: tier=web }',
        '    patch: |-',
        '      - { op: replace, path: /spec/maxReplicas, value: 5 }',
        '      - { op: add, path: /spec/behavior, value: {} }',
        '      - { op: remove, path: /spec/minReplicas }',
      ].join('\n'),
      'overlay/config.env': 'LEVEL=debug\nTRANSPORT=kafka\n',
    });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads resources from files and folders, sets the namespace, labels and images', () => {
    const objects = kustomizeBuild(join(dir, 'base'));
    const deployment = find(objects, 'Deployment') as K8sObject & {
      spec: {
        template: { metadata: { labels: object }; spec: { containers: [{ image: string }] } };
      };
    };
    expect(deployment.metadata).toEqual({
      name: 'app',
      namespace: 'shop',
      labels: { tier: 'web', 'part-of': 'shop' },
    });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'app', 'part-of': 'shop' });
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      'registry.test:5000/shop/app:1.2',
    );
  });

  it('generates ConfigMaps and Secrets (base64) from env files and literals, labelled', () => {
    const objects = kustomizeBuild(join(dir, 'base'));
    const secret = find(objects, 'Secret');
    expect(secret).toMatchObject({
      type: 'Opaque',
      data: { TOKEN: Buffer.from('REPLACE_ME').toString('base64') },
    });
    expect(decoded(find(objects, 'ConfigMap'))).toEqual({
      LEVEL: 'info',
      PORT: '3000',
      FROM_LITERAL: 'yes',
    });
    expect(find(objects, 'ConfigMap').metadata.labels).toEqual({
      component: 'config',
      'part-of': 'shop',
    });
  });

  it("merges an overlay's generator into the base's, and applies JSON 6902 patches by selector", () => {
    const objects = kustomizeBuild(join(dir, 'overlay'));
    const configMap = find(objects, 'ConfigMap');
    expect(decoded(configMap)).toEqual({
      LEVEL: 'debug',
      PORT: '3000',
      FROM_LITERAL: 'yes',
      TRANSPORT: 'kafka',
    });
    expect(configMap.metadata.namespace).toBe('shop');
    expect(find(objects, 'HorizontalPodAutoscaler').spec).toEqual({ maxReplicas: 5, behavior: {} });
  });

  it('refuses what it does not implement, and mistakes kustomize would also refuse', () => {
    const refused = (kustomization: string, files: Record<string, string> = {}) => {
      write({ 'case/kustomization.yaml': kustomization, ...files });
      return () => kustomizeBuild(join(dir, 'case'));
    };
    expect(refused('namePrefix: x-\nresources: [../base]')).toThrow(
      /kustomization key\(s\) namePrefix not supported/,
    );
    expect(
      refused('configMapGenerator: [{ name: config, behavior: merge, literals: [A=1] }]'),
    ).toThrow('no generated ConfigMap config to merge');
    expect(
      refused('resources: [../base]\nconfigMapGenerator: [{ name: config, literals: [A=1] }]'),
    ).toThrow('ConfigMap config exists already');
    expect(
      refused('resources: [../base]\npatches: [{ target: { kind: Service }, patch: "[]" }]'),
    ).toThrow('a patch matches nothing');
    expect(
      refused(
        'resources: [../base]\npatches: [{ target: { kind: Deployment }, patch: "spec: {}" }]',
      ),
    ).toThrow('only JSON 6902 patches');
    const replaceMissing = '[{ op: replace, path: /spec/nothing, value: 1 }]';
    expect(
      refused(
        `resources: [../base]\npatches: [{ target: { kind: Deployment }, patch: "${replaceMissing}" }]`,
      ),
    ).toThrow('Deployment app: no /spec/nothing to replace');
    expect(
      refused('configMapGenerator: [{ name: c, envs: [c.env] }]', { 'case/c.env': 'A="x"' }),
    ).toThrow('A is quoted');
    expect(
      refused('configMapGenerator: [{ name: c, envs: [c.env] }]', { 'case/c.env': 'A=1\nA=2' }),
    ).toThrow('A given twice');
  });
});
