/**
 * Kustomize's own files (`kustomization.yaml`: a Kustomization or Component) sit beside the
 * manifests of most repositories. They are build instructions, not cluster objects, and usually
 * have no name: they are passed on for the engine to count as ignored, never an input error. What
 * they build is judged by scanning `kubectl kustomize <dir>` output.
 */
import path from 'node:path';

const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io/';

/** The names kustomize looks for in a folder. */
const KUSTOMIZATION_FILE_NAMES = new Set([
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
]);

/**
 * The document as a kustomize file, or undefined when it is none: one of group
 * `kustomize.config.k8s.io`, or one without apiVersion and kind in a kustomization file (kustomize
 * reads it as a `kustomize.config.k8s.io/v1beta1` Kustomization). It gets an empty metadata when
 * it has none, as every loaded object has one.
 */
export function asKustomizeFile(
  value: Record<string, any>,
  file: string,
): Record<string, any> | undefined {
  const { apiVersion, kind } = value;
  const declared =
    typeof apiVersion === 'string' &&
    apiVersion.startsWith(KUSTOMIZE_GROUP) &&
    typeof kind === 'string';
  const implied =
    apiVersion === undefined &&
    kind === undefined &&
    KUSTOMIZATION_FILE_NAMES.has(path.basename(file));
  if (!declared && !implied) return undefined;
  const metadata =
    typeof value.metadata === 'object' &&
    value.metadata !== null &&
    !Array.isArray(value.metadata)
      ? value.metadata
      : {};
  return implied
    ? {
        apiVersion: `${KUSTOMIZE_GROUP}v1beta1`,
        kind: 'Kustomization',
        ...value,
        metadata,
      }
    : { ...value, metadata };
}
