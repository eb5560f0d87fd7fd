/**
 * Records which keys a validator reads, so that every key it never looked at can be reported as
 * unknown. Nothing lists the valid keys a second time: a field added to validate.ts is known
 * the moment the validator reads it, and a key that only matters for one `kind` (e.g.
 * `exposure.tlsSecretName` for an Ingress) is unknown under the other.
 */

/** A key the validator never read, where it is, and the keys that object does have. */
export interface UnknownKey {
  /** Dotted path of the key, e.g. `exposure.tlsSecret`. */
  readonly path: string;
  /** Dotted path of the object holding it (`''` at the top). */
  readonly parent: string;
  readonly key: string;
  /** Keys the validator read on that object: the valid ones. */
  readonly known: readonly string[];
}

/** A read-recording view of a value, and what was read through it. */
export interface ReadTracker<T> {
  /** Hand this to the validator instead of the value itself. */
  readonly view: T;
  /** Keys present in the value that were never read, outermost first (a subtree is reported once). */
  unknownKeys(): UnknownKey[];
  /** The keys the validator read on the object at `parent`, or undefined when it enumerated them all (a map of names). */
  keysRead(parent: string): readonly string[] | undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

export function trackReads<T>(value: T): ReadTracker<T> {
  const reads = new Map<string, Set<string>>();
  // Objects the validator enumerated (a map of names): all their keys count as read.
  const enumerated = new Set<string>();
  const views = new WeakMap<object, unknown>();

  const wrap = (v: unknown, path: string): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const cached = views.get(v);
    if (cached) return cached;
    const record = (key: string) => {
      if (Array.isArray(v)) return;
      let set = reads.get(path);
      if (!set) reads.set(path, (set = new Set()));
      set.add(key);
    };
    const childPath = (key: string) => (Array.isArray(v) ? `${path}[${key}]` : join(path, key));
    const view = new Proxy(v, {
      get(target, key, receiver) {
        const child = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return child;
        if (Array.isArray(target) && !/^\d+$/.test(key)) return child;
        record(key);
        return wrap(child, childPath(key));
      },
      has(target, key) {
        if (typeof key === 'string') record(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        enumerated.add(path);
        return Reflect.ownKeys(target);
      },
    });
    views.set(v, view);
    return view;
  };

  const view = wrap(value, '') as T;

  const unknownKeys = (): UnknownKey[] => {
    const out: UnknownKey[] = [];
    // Depth first, in key order, with a stack of its own: settings built in main.ts may nest deeper than the call stack.
    type Step = { v: unknown; path: string } | { unknown: UnknownKey };
    const stack: Step[] = [{ v: value, path: '' }];
    while (stack.length > 0) {
      const step = stack.pop()!;
      if ('unknown' in step) {
        out.push(step.unknown);
        continue;
      }
      const { v, path } = step;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]` });
        continue;
      }
      if (!isPlainObject(v)) continue;
      const known = reads.get(path) ?? new Set<string>();
      const steps: Step[] = Object.entries(v).map(([key, child]) =>
        !enumerated.has(path) && !known.has(key)
          ? { unknown: { path: join(path, key), parent: path, key, known: [...known].filter((k) => k !== key) } }
          : { v: child, path: join(path, key) },
      );
      stack.push(...steps.reverse());
    }
    return out;
  };

  const keysRead = (parent: string) => (enumerated.has(parent) ? undefined : [...(reads.get(parent) ?? [])]);

  return { view, unknownKeys, keysRead };
}
