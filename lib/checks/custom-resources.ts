/**
 * Custom resources (cert-manager's ClusterIssuer, a Strimzi Kafka, a Dapr Component) have no
 * schema in the API's own models: their schema is their CustomResourceDefinition's. Synth takes
 * those definitions from the files cdk8s.yaml imports (what `cdk8s import` generates the typed
 * classes from) and from the CRDs synthesized with the app, and checks each custom resource the
 * way the API server would: against the served version's openAPIV3Schema, unknown fields refused
 * (strict field validation, kubectl's default) unless the schema preserves them.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as Yaml from 'yaml';
import { jsonPointerToPath } from './json-pointer';
import { objectRef } from './manifest';
import { CheckViolation } from './violation';

/** One served version of a custom resource's kind. */
interface CustomResourceVersion {
  /** Where the definition came from: a file cdk8s.yaml imports, or the synthesized manifests. */
  readonly source: string;
  readonly schema?: object;
  validate?: ValidateFunction;
}

/** The custom resource definitions synth knows, by `group/version` and kind, and what went wrong reading them. */
export interface CustomResourceSchemas {
  readonly versions: ReadonlyMap<string, CustomResourceVersion>;
  /** `group/kind` of every definition, to tell a version that is not served from a kind that is unknown. */
  readonly kinds: ReadonlyMap<string, string[]>;
  readonly problems: readonly CheckViolation[];
  /** Imports cdk8s.yaml names by URL: synth reads no network, so their definitions are not known here. */
  readonly remoteImports: readonly string[];
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
  const add = (crd: any, source: string) => {
    const group = crd?.spec?.group;
    const kind = crd?.spec?.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(crd.spec.versions)) return;
    for (const v of crd.spec.versions) {
      if (!v?.served || typeof v.name !== 'string') continue;
      versions.set(`${group}/${v.name}/${kind}`, { source, schema: v.schema?.openAPIV3Schema });
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
      for (const doc of docs.flatMap((d) => (d?.kind === 'List' && Array.isArray(d.items) ? d.items : [d]))) if (isCrd(doc)) add(doc, `${path.relative(root, file)} (${IMPORTS_FILE} imports)`);
    }
  }
  return { versions, kinds, problems, remoteImports };
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

/**
 * What the definition's schema says is wrong with a custom resource; undefined when synth knows
 * no definition of its kind.
 */
export function customResourceViolations(obj: any, schemas: CustomResourceSchemas): CheckViolation[] | undefined {
  const slash = obj.apiVersion.lastIndexOf('/');
  if (slash < 0) return undefined;
  const group = obj.apiVersion.slice(0, slash);
  const version = schemas.versions.get(`${obj.apiVersion}/${obj.kind}`);
  const object = objectRef(obj);
  if (!version) {
    const served = schemas.kinds.get(`${group}/${obj.kind}`);
    if (!served) return undefined;
    return [{ object, path: 'apiVersion', rule: `${obj.kind} of ${group} is not served at ${obj.apiVersion.slice(slash + 1)}; its definition serves ${served.join(', ')}`, fix: `use apiVersion ${group}/${served[served.length - 1]}` }];
  }
  if (!version.schema) return [];
  version.validate ??= ajv().compile(strictSchema(version.schema, true));
  if (version.validate(obj)) return [];
  return (version.validate.errors ?? []).map((e) => {
    const at = jsonPointerToPath(e.instancePath);
    const field = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const where = field ? (at ? `${at}.${field}` : field) : at;
    return {
      object,
      path: where || '(object)',
      rule: field ? `unknown field ${JSON.stringify(field)} (the CustomResourceDefinition in ${version.source}, strict field validation)` : `${e.message} (the CustomResourceDefinition in ${version.source})`,
      fix: field ? 'remove it, or check its spelling against the definition' : `change ${where || 'the object'} so that it ${e.message}`,
    };
  });
}

let compiler: Ajv | undefined;
function ajv(): Ajv {
  // OpenAPI v3 as the API server reads it: x-kubernetes-* extensions and formats (int32,
  // date-time) carry no validation here; `nullable` is OpenAPI's own keyword.
  compiler ??= new Ajv({ strict: false, validateFormats: false, allErrors: true });
  return compiler;
}

/**
 * The schema with unknown fields refused where the API server refuses them: an object with
 * `properties` and neither `additionalProperties` nor `x-kubernetes-preserve-unknown-fields`.
 * At the top, apiVersion, kind and metadata are always allowed (the server checks them itself).
 */
function strictSchema(schema: any, top = false): any {
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: any = Array.isArray(schema) ? schema.map((s) => strictSchema(s)) : {};
  if (Array.isArray(schema)) return out;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictSchema(v)]));
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = strictSchema(value);
    } else {
      out[key] = value;
    }
  }
  // A structural schema states its fields outside allOf/anyOf/oneOf/not, which only restrict
  // values: those are kept as they are. An embedded resource carries its own apiVersion/kind/metadata.
  if (top || out['x-kubernetes-embedded-resource']) out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}
