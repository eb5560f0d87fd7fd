import * as fs from 'fs';
import * as path from 'path';
import { readConfigFile } from './config-file';
import { mergeLayers } from './layers';
import { TodoConfig } from './types';
import { ConfigError, validateConfig } from './validate';

/**
 * Profiles are files the user owns, `profiles/<name>.yaml` at the project root (`.yml` and
 * `.json` work too), not code in lib/: a Helm user keeps values files beside the chart, and
 * a file is checked field by field with its name in every message, where a TypeScript object
 * run through tsx is not type-checked at all.
 */

/** The project's profiles: `profiles/` at its root, found from this file, so any working directory works. */
export const PROJECT_PROFILES_DIR = path.resolve(__dirname, '..', '..', '..', 'profiles');

/** The profile used when `TODO_PROFILE` is unset. */
export const DEFAULT_PROFILE = 'local';

const EXTENSIONS = ['.yaml', '.yml', '.json'];
/** A profile name is a file name, never a path. */
const PROFILE_NAME = /^[a-z0-9]([-_.a-z0-9]*[a-z0-9])?$/;

/** Names of the profiles in a folder: the default first, then the others sorted. */
export function profileNames(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const names = entries.filter((f) => EXTENSIONS.includes(path.extname(f))).map((f) => f.slice(0, -path.extname(f).length));
  return [...new Set(names.filter((n) => PROFILE_NAME.test(n)))].sort((a, b) => Number(b === DEFAULT_PROFILE) - Number(a === DEFAULT_PROFILE) || a.localeCompare(b));
}

/**
 * The file of a profile, or a ConfigError naming where the name came from (`TODO_PROFILE`, or a
 * flag such as `--profile`, as the user typed it) and the profiles there are.
 */
export function profileFile(name: string, dir: string, variable: string): string {
  const source = variable.startsWith('-') ? `${variable} ${name}` : `${variable}=${name}`;
  const found = PROFILE_NAME.test(name) ? EXTENSIONS.map((ext) => path.join(dir, `${name}${ext}`)).filter((f) => fs.existsSync(f)) : [];
  const names = profileNames(dir);
  const allowed = names.length > 0 ? `one of ${names.join(', ')} (files in ${dir})` : `the name of a .yaml, .yml or .json file in ${dir}`;
  if (found.length === 0) {
    throw new ConfigError(source, [{ field: variable, problem: `unknown profile ${JSON.stringify(name)}`, allowed }]);
  }
  if (found.length > 1) {
    throw new ConfigError(source, [{ field: variable, problem: `profile "${name}" is in ${found.length} files (${found.map((f) => path.basename(f)).join(', ')})`, allowed: 'one file per profile' }]);
  }
  return found[0];
}

/** Options of readProfile. */
export interface ReadProfileOptions {
  /** @default PROJECT_PROFILES_DIR */
  readonly dir?: string;
  /** Values files layered over the profile, later ones winning. @default none */
  readonly valuesFiles?: readonly string[];
  /** Directory relative paths and messages are relative to. @default process.cwd() */
  readonly cwd?: string;
  /** Variable the profile name came from, for messages. @default 'TODO_PROFILE' */
  readonly variable?: string;
}

/**
 * A profile with values files layered over it, validated as one configuration: every issue
 * names the file that set the field. The configuration's `profile` is the profile's name.
 */
export function readProfile(name: string, options: ReadProfileOptions = {}): TodoConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = profileFile(name, options.dir ?? PROJECT_PROFILES_DIR, options.variable ?? 'TODO_PROFILE');
  const layers = [
    readConfigFile(file, 'profile', cwd),
    ...(options.valuesFiles ?? []).map((f) => readConfigFile(path.resolve(cwd, f), 'values file', cwd)),
  ];
  const source = `profile "${name}"${layers.length > 1 ? ` with values ${layers.slice(1).map((l) => l.display).join(', ')}` : ''}`;
  const setsProfile = layers.filter((l) => Object.prototype.hasOwnProperty.call(l.data, 'profile'));
  if (setsProfile.length > 0) {
    throw new ConfigError(source, setsProfile.map((l) => ({
      file: l.display, field: 'profile', problem: 'is set in a file', allowed: 'no "profile" key: the profile\'s name is its file name, chosen with --profile or TODO_PROFILE',
    })));
  }
  const merged = mergeLayers(layers);
  const config = { profile: name, ...merged.value } as unknown as TodoConfig;
  return validateConfig(config, source, { fileOf: merged.fileOf, removed: merged.removed });
}
