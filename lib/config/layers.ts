import { ConfigFile } from './config-file';

/** Layers merged into one configuration, and which file set each field. */
export interface MergedLayers {
  readonly value: Record<string, unknown>;
  /** The file that last set a field, or the nearest parent of it that some file set. */
  fileOf(field: string): string | undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

/**
 * Merges files the way Helm merges `-f` values: later files win; mappings merge key by key;
 * lists and scalars replace; `null` removes a field. One rule more: a mapping whose `kind`
 * changes (an Ingress instead of NodePorts, an external database instead of the in-cluster
 * one) replaces the earlier one whole, since the earlier kind's fields mean nothing to it.
 */
export function mergeLayers(files: readonly ConfigFile[]): MergedLayers {
  const origins = new Map<string, string>();
  const setOrigin = (path: string, file: string) => {
    for (const key of [...origins.keys()]) if (key.startsWith(`${path}.`)) origins.delete(key);
    origins.set(path, file);
  };

  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, path: string, file: string): void => {
    for (const [key, value] of Object.entries(source)) {
      const at = join(path, key);
      // Own keys only: `__proto__` in a file must never reach Object.prototype.
      const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (value === null) {
        delete target[key];
        setOrigin(at, file);
      } else if (isPlainObject(value) && isPlainObject(current) && (value.kind === undefined || value.kind === current.kind)) {
        origins.set(at, file);
        mergeInto(current, value, at, file);
      } else {
        // defineProperty, not assignment: a `__proto__` key in a file stays a plain (unknown) key.
        Object.defineProperty(target, key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
        setOrigin(at, file);
      }
    }
  };

  const value: Record<string, unknown> = {};
  for (const f of files) mergeInto(value, f.data, '', f.display);

  return {
    value,
    fileOf(field: string): string | undefined {
      let p = field.replace(/\[\d+\]/g, '');
      while (p) {
        const file = origins.get(p);
        if (file) return file;
        p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
      }
      return files.length === 1 ? files[0].display : undefined;
    },
  };
}
