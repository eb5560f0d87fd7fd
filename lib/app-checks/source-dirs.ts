import * as fs from 'fs';
import { ComponentName } from '../model/contract/image-contract';
import { ComponentBuildSpecs } from '../model/contract/component-specs';

/** The flag and variable that point at a component's sources (npm run images and check-app). */
export interface SourceDirSetting {
  readonly flag: string;
  readonly env: string;
}

/**
 * What the image build would refuse about the source directories before it reads anything: a
 * directory that is not there, or a file where a directory should be. What a directory holds
 * (its manifests, lockfile) is detected and checked by the app checks (backend-source,
 * frontend-source), which name the setting to fix it. One message per directory, each naming
 * the directory, and the setting, flag and variable that point elsewhere.
 */
export function sourceDirProblems(
  dirs: Readonly<Record<ComponentName, string>>,
  _specs: ComponentBuildSpecs,
  settings: Readonly<Record<ComponentName, SourceDirSetting>>,
): string[] {
  return (Object.keys(dirs) as ComponentName[]).flatMap((component) => {
    const dir = dirs[component];
    const fix = `Point at the ${component} sources with ${component}.sourceDir in the settings (relative to the project root), ${settings[component].flag} <dir> or ${settings[component].env}=<dir>.`;
    if (isFile(dir)) return [`${component} source directory ${dir} is a file, not a directory.\n${fix}`];
    if (!isDirectory(dir)) return [`${component} source directory ${dir} does not exist.\n${fix}`];
    return [];
  });
}

function isFile(file: string): boolean {
  try {
    return !fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
