import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { K8sObject } from './kustomize-build';

/**
 * The Kubernetes API's OpenAPI schemas for the kinds deploy/k8s holds, as kubernetes-models
 * compiles them: types, required fields, enums and formats (quantities, int-or-string ports).
 * Like the schemas, they do not reject unknown fields; the specs read each field they rely on.
 * Pinned at 4.5.1 (MIT, Kubernetes 1.33's API): 5.x ships ES modules only, which this repo's
 * CommonJS Jest cannot load; every group used here (v1, apps/v1, batch/v1, policy/v1,
 * autoscaling/v2) has been stable for years, so the older schemas judge these objects the same.
 */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

/** Throws, listing every violation, unless `object` is valid for its apiVersion and kind. */
export function validateAgainstApiSchema(object: K8sObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no API schema here for ${object.apiVersion} ${object.kind}`);
  new Model(object as never).validate();
}
