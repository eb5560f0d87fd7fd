/**
 * Custom resources (cert-manager's ClusterIssuer, a Strimzi Kafka, a Dapr Component) are checked
 * against their CustomResourceDefinitions by the API server's own code (lib/checks/api-server.ts):
 * synth takes the definitions from the files cdk8s.yaml imports (what `cdk8s import` generates
 * the typed classes from) and from the CRDs synthesized with the app. This file reads them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as Yaml from 'yaml';
import { formatBytes, InputFileError, readInputFile } from '../util/read-input-file';
import { CheckViolation } from './violation';
import { parseYamlDocuments } from './yaml-documents';

/** The largest CRD file read: a whole operator's CRDs are a few MiB. */
const MAX_IMPORT_FILE_BYTES = 64 << 20;

/** One served version of a custom resource's kind. */
interface CustomResourceVersion {
  /** Where the definition came from: a file cdk8s.yaml imports, or the synthesized manifests. */
  readonly source: string;
}

/** The custom resource definitions synth knows, by `group/version` and kind, and what went wrong reading them. */
export interface CustomResourceSchemas {
  readonly versions: ReadonlyMap<string, CustomResourceVersion>;
  /** `group/kind` of every definition, to tell a version that is not served from a kind that is unknown. */
  readonly kinds: ReadonlyMap<string, string[]>;
  readonly problems: readonly CheckViolation[];
  /** Imports cdk8s.yaml names by URL: synth reads no network, so their definitions are not known here. */
  readonly remoteImports: readonly string[];
  /** The definitions read from the files cdk8s.yaml imports (not those synthesized with the app). */
  readonly imported: readonly object[];
}

const IMPORTS_FILE = 'cdk8s.yaml';

/**
 * The definitions in the local files cdk8s.yaml's `imports` lists (`[prefix:=]path`; `k8s`, URLs
 * and `github:`/`helm:` sources are the CLI's to fetch and are skipped) and in the manifests.
 */
export function customResourceSchemas(manifests: readonly any[], root: string | undefined): CustomResourceSchemas {
  const versions = new Map<string, CustomResourceVersion>();
  const kinds = new Map<string, string[]>();
  const problems: CheckViolation[] = [];
  const remoteImports: string[] = [];
  const imported: object[] = [];
  const add = (crd: any, source: string) => {
    const group = crd?.spec?.group;
    const kind = crd?.spec?.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(crd.spec.versions)) return;
    for (const v of crd.spec.versions) {
      if (!v?.served || typeof v.name !== 'string') continue;
      versions.set(`${group}/${v.name}/${kind}`, { source });
      kinds.set(`${group}/${kind}`, [...(kinds.get(`${group}/${kind}`) ?? []), v.name]);
    }
  };
  for (const m of manifests) if (isCrd(m)) add(m, 'the synthesized manifests');
  if (root) {
    for (const { entry, file } of importedFiles(root, problems, remoteImports)) {
      const fix = 'point the entry at a file of CustomResourceDefinitions, or remove it';
      const fail = (what: string) => problems.push({ object: IMPORTS_FILE, path: 'imports', rule: `${entry}: ${file} ${what}`, fix });
      let text: string;
      try {
        text = readInputFile(file, MAX_IMPORT_FILE_BYTES).toString('utf8');
      } catch (err) {
        if (!(err instanceof InputFileError)) throw err;
        fail(err.problem === 'TOO_LARGE' ? `is larger than ${formatBytes(MAX_IMPORT_FILE_BYTES)}, the most read from a CRD file` : err.description);
        continue;
      }
      const parsed = parseYamlDocuments(text);
      if (!parsed.ok) {
        fail(`cannot be read as YAML (${parsed.problem})`);
        continue;
      }
      const crds = parsed.docs.flatMap((d: any) => (d?.kind === 'List' && Array.isArray(d.items) ? d.items : [d])).filter(isCrd);
      // An empty file, or one of other objects, is a wrong path more often than a choice.
      if (crds.length === 0) fail(text.trim() === '' ? 'is empty: it holds no CustomResourceDefinition' : 'holds no CustomResourceDefinition (apiextensions.k8s.io/v1)');
      for (const doc of crds) {
        add(doc, `${path.relative(root, file)} (${IMPORTS_FILE} imports)`);
        imported.push(doc);
      }
    }
  }
  return { versions, kinds, problems, remoteImports, imported };
}

function isCrd(o: any): boolean {
  return o?.apiVersion === 'apiextensions.k8s.io/v1' && o?.kind === 'CustomResourceDefinition';
}

/** The local files of cdk8s.yaml's imports, resolved against the project root. */
function importedFiles(root: string, problems: CheckViolation[], remoteImports: string[]): { entry: string; file: string }[] {
  const configFile = path.join(root, IMPORTS_FILE);
  let configText: string;
  try {
    configText = readInputFile(configFile, MAX_IMPORT_FILE_BYTES).toString('utf8');
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    if (err.problem === 'ENOENT') return [];
    problems.push({ object: IMPORTS_FILE, path: '(file)', rule: `${configFile} ${err.description}`, fix: 'make cdk8s.yaml a regular file: the cdk8s CLI and the custom-resource checks both read it' });
    return [];
  }
  let imports: unknown;
  try {
    imports = Yaml.parse(configText)?.imports;
  } catch (err: any) {
    // `npm run deploy` synthesizes without the cdk8s CLI, which would otherwise say so first.
    const where = err?.linePos?.[0] ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    problems.push({ object: IMPORTS_FILE, path: '(file)', rule: `${configFile} is not valid YAML${where} (${err?.code ?? 'unreadable'})`, fix: 'fix the file: the cdk8s CLI and the custom-resource checks both read it' });
    return [];
  }
  if (!Array.isArray(imports)) return [];
  return imports.flatMap((raw) => {
    if (typeof raw !== 'string') return [];
    const source = raw.includes(':=') ? raw.slice(raw.indexOf(':=') + 2) : raw;
    if (/^k8s(@|$)/.test(source) || /^(github|helm):/.test(source)) return [];
    if (/^\w+:\/\//.test(source)) {
      remoteImports.push(raw);
      return [];
    }
    const file = path.resolve(root, source);
    // lstat, not exists: a symlink loop or a dangling link is named as what it is.
    if (!fs.lstatSync(file, { throwIfNoEntry: false })) {
      problems.push({ object: IMPORTS_FILE, path: 'imports', rule: `${raw}: ${file} does not exist`, fix: 'point the entry at the CustomResourceDefinition file `cdk8s import` was given, relative to the project' });
      return [];
    }
    return [{ entry: raw, file }];
  });
}
