import { decoded, K8sObject } from './kustomize-build';

/** One variable a container gets, and where from. */
export interface EnvEntry {
  value: string;
  from: 'literal' | 'ConfigMap' | 'Secret';
}

interface Container {
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: {
      configMapKeyRef?: { name: string; key: string };
      secretKeyRef?: { name: string; key: string };
    };
  }>;
}

/**
 * The environment a container starts with, as the kubelet builds it from the rendered objects:
 * `envFrom` in order, then `env` (which wins). A ConfigMap, Secret or key that is not there is an
 * error, as it is for a pod (none of deploy/k8s's references is optional).
 */
export function containerEnv(container: Container, objects: K8sObject[]): Map<string, EnvEntry> {
  const data = (kind: 'ConfigMap' | 'Secret', name: string) => {
    const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!object) throw new Error(`no ${kind} ${name}`);
    return decoded(object);
  };
  const key = (kind: 'ConfigMap' | 'Secret', ref: { name: string; key: string }) => {
    const values = data(kind, ref.name);
    if (!(ref.key in values)) throw new Error(`${kind} ${ref.name} has no ${ref.key}`);
    return { value: values[ref.key], from: kind };
  };
  const env = new Map<string, EnvEntry>();
  for (const source of container.envFrom ?? []) {
    const [kind, name] = source.configMapRef
      ? (['ConfigMap', source.configMapRef.name] as const)
      : (['Secret', source.secretRef!.name] as const);
    for (const [variable, value] of Object.entries(data(kind, name))) {
      env.set(variable, { value, from: kind });
    }
  }
  for (const { name, value, valueFrom } of container.env ?? []) {
    if (valueFrom?.configMapKeyRef) env.set(name, key('ConfigMap', valueFrom.configMapKeyRef));
    else if (valueFrom?.secretKeyRef) env.set(name, key('Secret', valueFrom.secretKeyRef));
    else env.set(name, { value: value ?? '', from: 'literal' });
  }
  return env;
}
