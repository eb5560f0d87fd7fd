/**
 * Every synthesized object of every profile is valid against the Kubernetes API schema, checked
 * offline with kubernetes-models by the synth-time check (lib/checks/schema.ts). An object whose
 * apiVersion/kind has no schema fails rather than being skipped.
 */
import { CheckViolation } from '../../lib/checks';
import { apiSyntaxViolations, jsonPointerToPath, modelFor, schemaViolations } from '../../lib/checks/schema';
import { InClusterDatabase } from '../../lib/model/settings/types';

/** Violations as `Kind/name path: rule` lines. */
const lines = (v: CheckViolation[]) => v.map((x) => `${x.object} ${x.path}: ${x.rule}`);
const schemaErrors = (obj: any) => lines(schemaViolations(obj));
const apiSyntaxErrors = (obj: any) => lines(apiSyntaxViolations(obj));
import { Manifest, PROFILE_NAMES, find, synthProfile } from '../support/synth';

describe.each(PROFILE_NAMES)('profile %s', (profile) => {
  let manifests: Manifest[];

  beforeAll(() => {
    manifests = synthProfile(profile);
  });

  test('synthesizes objects to validate', () => {
    expect(manifests.length).toBeGreaterThan(0);
  });

  test('every object has a schema and is valid against it', () => {
    expect(manifests.flatMap((m) => schemaErrors(m))).toEqual([]);
  });

  test('names and labels meet the syntax the API server enforces beyond the schema', () => {
    expect(manifests.flatMap((m) => apiSyntaxErrors(m))).toEqual([]);
  });
});

/**
 * Configurations that lib/config/validate.ts accepts must still synthesize objects the API
 * server accepts. Image references end up in the `app.kubernetes.io/version` label.
 */
describe('configurations the validator accepts', () => {
  test('a digest-pinned postgres image gives valid labels', () => {
    const image = `postgres:17-alpine@sha256:${'a'.repeat(64)}`;
    const manifests = synthProfile('local', (c) => ({ ...c, database: { ...(c.database as InClusterDatabase), image } }));
    expect(manifests.flatMap((m) => [...schemaErrors(m), ...apiSyntaxErrors(m)])).toEqual([]);
  });

  test('a 64-character image tag (Docker allows 128) gives valid labels', () => {
    const tag = `1.0.0-${'f'.repeat(58)}`;
    const manifests = synthProfile('local', (c) => ({ ...c, images: { ...c.images, backend: { ...c.images.backend, tag } } }));
    expect(manifests.flatMap((m) => [...schemaErrors(m), ...apiSyntaxErrors(m)])).toEqual([]);
  });
});

describe('schemaErrors', () => {
  const deployment = () => structuredClone(find(synthProfile('local'), 'Deployment', 'backend'));

  test('maps apiVersion/kind to the kubernetes-models class', () => {
    expect(modelFor('apps/v1', 'Deployment')?.kind).toBe('Deployment');
    expect(modelFor('v1', 'Namespace')?.apiVersion).toBe('v1');
    expect(modelFor('networking.k8s.io/v1', 'NetworkPolicy')?.kind).toBe('NetworkPolicy');
    // Exports that are not kinds, and kinds under the wrong group, have no model.
    expect(modelFor('apps/v1', 'DeploymentSpec')).toBeUndefined();
    expect(modelFor('v1', 'Deployment')).toBeUndefined();
    expect(modelFor('../../package.json', 'X')).toBeUndefined();
  });

  test('accepts a synthesized Deployment', () => {
    expect(schemaErrors(deployment())).toEqual([]);
  });

  test('catches a wrong type and a missing required field', () => {
    const bad = deployment();
    bad.spec.replicas = 'two';
    delete bad.spec.template.spec.containers[0].name;
    expect(schemaErrors(bad)).toEqual([
      'todo/Deployment/backend spec.replicas: must be integer (Kubernetes API schema)',
      'todo/Deployment/backend spec.template.spec.containers[0]: must have required property name (Kubernetes API schema)',
    ]);
    expect(schemaViolations(bad)[0].fix).toBe('change spec.replicas so that it must be integer');
    expect(jsonPointerToPath('/metadata/labels/app.kubernetes.io~1name')).toBe('metadata.labels.app.kubernetes.io/name');
  });

  test('fails an unknown apiVersion/kind instead of skipping it', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget/w apiVersion: no Kubernetes 1.30 schema for apiVersion example.com/v1, kind Widget, and no CustomResourceDefinition of it',
    ]);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'd' } })).toHaveLength(1);
  });

  test('catches names and labels the API server refuses', () => {
    const svc = structuredClone(find(synthProfile('local'), 'Service', 'backend'));
    svc.metadata.name = '8-backend';
    svc.metadata.labels['app.kubernetes.io/version'] = '1.0@sha256';
    svc.spec.selector['-bad'] = 'x';
    expect(apiSyntaxErrors(svc)).toEqual([
      'todo/Service/8-backend metadata.name: invalid name "8-backend" (API server)',
      'todo/Service/8-backend spec.selector: invalid label key "-bad" (API server)',
      'todo/Service/8-backend metadata.labels.app.kubernetes.io/version: invalid label value "1.0@sha256" (API server)',
    ]);
    const dep = deployment();
    dep.spec.template.spec.containers[0].ports[0].name = 'http-backend-port';
    dep.spec.template.spec.volumes[0].name = 'Tmp';
    expect(apiSyntaxErrors(dep)).toEqual([
      'todo/Deployment/backend spec.template.spec.containers[0].ports[0].name: invalid port name "http-backend-port" (API server)',
      'todo/Deployment/backend spec.template.spec.volumes[0].name: invalid name "Tmp" (API server)',
    ]);
  });

  test('fails an API version a current cluster no longer serves', () => {
    expect(schemaErrors({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' } })).toEqual([
      'Ingress/i apiVersion: extensions/v1beta1 is not a stable API version; current clusters do not serve it',
    ]);
  });
});
