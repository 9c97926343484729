/** Which members of each lazy object have been built, for `builtMembers`. */
const built = new WeakMap<object, Set<string>>();

/**
 * An object whose members are built on first read and then kept: a function that reads two members of
 * the composition builds those two (and what they need), not the other twenty. Builders may read other
 * members of the same object; a cycle among them would recurse, so there is none.
 */
export function lazyObject<T extends object>(builders: { readonly [K in keyof T]: () => T[K] }): T {
  const names = new Set<string>();
  const target = {} as T;
  for (const key of Object.keys(builders) as (keyof T & string)[]) {
    let value: T[typeof key] | undefined;
    let done = false;
    Object.defineProperty(target, key, {
      enumerable: true,
      get: () => {
        if (!done) {
          value = builders[key]();
          done = true;
          names.add(key);
        }
        return value;
      },
    });
  }
  built.set(target, names);
  return target;
}

/** The members of a `lazyObject` built so far, in the order they were finished. */
export function builtMembers(object: object): readonly string[] {
  return [...(built.get(object) ?? [])];
}
