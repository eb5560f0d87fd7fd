/**
 * Custom resources (cert-manager's ClusterIssuer, a Strimzi Kafka, a Dapr Component) are checked
 * against their CustomResourceDefinitions by the API server's own code (lib/checks/api-server.ts):
 * synth takes the definitions from the files cdk8s.yaml imports (what `cdk8s import` generates
 * the typed classes from) and from the CRDs synthesized with the app. This file reads them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as Yaml from 'yaml';
import { CheckViolation } from './violation';

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
      let docs: any[];
      try {
        docs = Yaml.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => {
          if (d.errors.length > 0) throw new Error(d.errors[0].message.split('\n')[0]);
          return d.toJS();
        });
      } catch (err: any) {
        problems.push({ object: IMPORTS_FILE, path: 'imports', rule: `${entry}: ${file} cannot be read as YAML (${err.code ?? err.message})`, fix: 'point the entry at a file of CustomResourceDefinitions, or remove it' });
        continue;
      }
      for (const doc of docs.flatMap((d) => (d?.kind === 'List' && Array.isArray(d.items) ? d.items : [d]))) {
        if (!isCrd(doc)) continue;
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
  if (!fs.existsSync(configFile)) return [];
  let imports: unknown;
  try {
    imports = Yaml.parse(fs.readFileSync(configFile, 'utf8'))?.imports;
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
    if (!fs.existsSync(file)) {
      problems.push({ object: IMPORTS_FILE, path: 'imports', rule: `${raw}: ${file} does not exist`, fix: 'point the entry at the CustomResourceDefinition file `cdk8s import` was given, relative to the project' });
      return [];
    }
    return [{ entry: raw, file }];
  });
}
