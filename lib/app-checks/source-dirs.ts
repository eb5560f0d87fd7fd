import * as fs from 'fs';
import * as path from 'path';
import { ComponentName } from '../model/contract/image-contract';
import { ComponentBuildSpecs } from '../images/component-specs';
import { inputFileProblem } from '../util/read-input-file';

/** The flag and variable that point at a component's sources (npm run images and check-app). */
export interface SourceDirSetting {
  readonly flag: string;
  readonly env: string;
}

/**
 * What the image build would refuse about the source directories, before it reads anything: a
 * directory that is not there, or one without a file the build requires (the contract's
 * dependency manifests, from the same specs the build uses). Empty or swapped directories are
 * caught here instead of passing every check that needs those files. One message per directory,
 * each naming the directory, the missing file and the flag to fix it.
 */
export function sourceDirProblems(
  dirs: Readonly<Record<ComponentName, string>>,
  specs: ComponentBuildSpecs,
  settings: Readonly<Record<ComponentName, SourceDirSetting>>,
): string[] {
  return (Object.keys(dirs) as ComponentName[]).flatMap((component) => {
    const dir = dirs[component];
    const fix = `Point at the ${component} sources with ${settings[component].flag} <dir> or ${settings[component].env}=<dir>.`;
    if (isFile(dir)) return [`${component} source directory ${dir} is a file, not a directory.\n${fix}`];
    if (!isDirectory(dir)) return [`${component} source directory ${dir} does not exist.\n${fix}`];
    const missing = specs[component].requiredFiles.filter((file) => !fs.existsSync(path.join(dir, file)));
    const irregular = specs[component].requiredFiles.map((file) => inputFileProblem(path.join(dir, file))).filter((p) => p?.problem === 'NOT_REGULAR');
    if (irregular.length > 0) return irregular.map((p) => `${p!.message}; the ${component} image's build needs a regular file there.`);
    if (missing.length === 0) return [];
    const names = missing.join(' and ');
    return [`${component} source directory ${dir} has no ${names}, which the ${component} image's build requires ` +
      `(\`npm run images\` refuses it): is it the ${component}'s source directory?\n${fix}`];
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
