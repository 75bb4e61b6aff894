/**
 * Where each input object came from (file and line), by identity, so SARIF and the table can
 * point a finding at the manifest to change.
 */
import { HaTarget } from '@ha-posture/plugin-ha-posture-common';
import { LoadedObject, SourceLocation } from './parseManifests';

const keyOf = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}/${namespace ?? ''}/${name}`;

/** @public */
export class ObjectLocations {
  private readonly byIdentity = new Map<string, SourceLocation>();

  constructor(objects: LoadedObject[]) {
    for (const { object, location } of objects) {
      const key = keyOf(
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      );
      // The first definition wins, as it is the one a reader of the inputs meets first.
      if (!this.byIdentity.has(key)) this.byIdentity.set(key, location);
    }
  }

  /**
   * The location of the target object. A manifest without a namespace is placed in `default`
   * by the engine, so `default` also matches an object that named no namespace.
   */
  find(target: HaTarget): SourceLocation | undefined {
    return (
      this.byIdentity.get(keyOf(target.kind, target.namespace, target.name)) ??
      (target.namespace === 'default'
        ? this.byIdentity.get(keyOf(target.kind, undefined, target.name))
        : undefined)
    );
  }
}
