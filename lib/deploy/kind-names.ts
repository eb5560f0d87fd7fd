import * as fs from 'fs';
import * as path from 'path';

let kindsByLowerCase: Map<string, string> | undefined;

/**
 * A built-in kind as the API spells it, from kubectl's lower-case resource name
 * (`validatingadmissionpolicy` → `ValidatingAdmissionPolicy`), for reports of what kubectl
 * pruned; undefined for a kind it does not know. Read once from kubernetes-models' module files
 * (`apps/v1/Deployment.js`).
 */
export function builtInKindNamed(lowerCase: string): string | undefined {
  if (!kindsByLowerCase) {
    kindsByLowerCase = new Map();
    const root = path.dirname(require.resolve('kubernetes-models/package.json'));
    const subdirs = (dir: string, keep: (name: string) => boolean) =>
      fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && keep(e.name)).map((e) => path.join(dir, e.name));
    const isVersion = (name: string) => /^v\d/.test(name);
    const versionDirs = [...subdirs(root, isVersion), ...subdirs(root, (name) => !name.startsWith('_') && !isVersion(name)).flatMap((group) => subdirs(group, isVersion))];
    for (const dir of versionDirs) {
      for (const file of fs.readdirSync(dir)) {
        const kind = /^([A-Z]\w*)\.js$/.exec(file)?.[1];
        if (kind && !kindsByLowerCase.has(kind.toLowerCase())) kindsByLowerCase.set(kind.toLowerCase(), kind);
      }
    }
  }
  return kindsByLowerCase.get(lowerCase);
}
