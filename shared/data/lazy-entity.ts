/**
 * ElectroDB's `Entity`, built on first use instead of at import. ElectroDB's constructor validates the model against
 * its JSON schema (jsonschema) and compiles the keys: 5–40 ms CPU per entity, paid at every cold start for every
 * entity a Lambda's bundle imports, whether the invocation touches it or not (issue 14: about 130 ms of the calendar
 * Lambdas' init when all their entities defer). `new Entity(model, config)` from here returns a stand-in that builds
 * the real entity on the first property access and forwards every operation to it; the type is ElectroDB's own, so
 * an entity module changes only its import:
 *
 *   import { type EntityItem } from 'electrodb';
 *   import { Entity } from '../data/lazy-entity';
 *
 * A model error surfaces at the first use instead of at import (the entity unit tests build each one).
 */
import { Entity as ElectroEntity } from 'electrodb';

function deferred<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = () => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: the stand-in's own (empty) target must not contradict a non-configurable property.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

export const Entity: typeof ElectroEntity = new Proxy(ElectroEntity, {
  construct: (Real, args: unknown[]) => deferred(() => Reflect.construct(Real, args) as object),
});
