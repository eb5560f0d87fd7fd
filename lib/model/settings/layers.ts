import { ConfigFile } from './config-file';

/** Layers merged into one configuration, and which file set each field. */
export interface MergedLayers {
  readonly value: Record<string, unknown>;
  /** The file that last set a field, or the nearest parent of it that some file set. */
  fileOf(field: string): string | undefined;
  /**
   * Keys a file set to `null` that no earlier file set: they are checked like every other key,
   * so an unknown one is reported whatever its value (`-f /etc/shadow` is a mapping of null keys).
   */
  readonly removed: readonly RemovedKey[];
}

/** A key set to `null` in a file. */
export interface RemovedKey {
  /** Dotted path of the object holding it (`''` at the top). */
  readonly parent: string;
  readonly key: string;
  readonly file: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** defineProperty, not assignment: a `__proto__` key in a file stays a plain (unknown) key. */
const defineOwn = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** A copy of parsed YAML/JSON data (mappings, lists, scalars), own keys only. */
function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) defineOwn(copy, key, cloneData(child));
  return copy;
}

/** Which file set a field: a tree of the fields, so that recording and looking up are linear. */
interface Origin {
  /** The last file that set this field, or merged into it. */
  file?: string;
  readonly children: Map<string, Origin>;
}
const origin = (file?: string): Origin => ({ file, children: new Map() });

/**
 * Merges files the way Helm merges `-f` values: later files win; mappings merge key by key;
 * lists and scalars replace; `null` removes a field. One rule more: a mapping whose `kind`
 * changes (an Ingress instead of NodePorts, an external database instead of the in-cluster
 * one) replaces the earlier one whole, since the earlier kind's fields mean nothing to it.
 */
export function mergeLayers(files: readonly ConfigFile[]): MergedLayers {
  const root = origin();

  const removed: RemovedKey[] = [];
  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, node: Origin, file: string, at: string): void => {
    for (const [key, value] of Object.entries(source)) {
      // Own keys only: `__proto__` in a file must never reach Object.prototype.
      const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (value === null) {
        // Removing what an earlier file set is what null is for; a null key nothing set is checked as a key.
        if (current === undefined) removed.push({ parent: at, key, file });
        delete target[key];
        node.children.set(key, origin(file));
      } else if (isPlainObject(value) && isPlainObject(current) && (value.kind === undefined || value.kind === current.kind)) {
        const child = node.children.get(key) ?? origin();
        // The keys an earlier file set whole stay that file's, though this one merges into them.
        if (child.file !== undefined) for (const k of Object.keys(current)) if (!child.children.has(k)) child.children.set(k, origin(child.file));
        child.file = file;
        node.children.set(key, child);
        mergeInto(current, value, child, file, at ? `${at}.${key}` : key);
      } else {
        defineOwn(target, key, cloneData(value));
        node.children.set(key, origin(file));
      }
    }
  };

  const value: Record<string, unknown> = {};
  for (const f of files) mergeInto(value, f.data, root, f.display, '');

  return {
    value,
    removed,
    fileOf(field: string): string | undefined {
      let node: Origin | undefined = root;
      let found: string | undefined;
      for (const key of field.replace(/\[\d+\]/g, '').split('.')) {
        node = node.children.get(key);
        if (!node) break;
        found = node.file ?? found;
      }
      return found ?? (files.length === 1 ? files[0].display : undefined);
    },
  };
}
