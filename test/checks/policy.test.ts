// Needs: validator
/**
 * Every pod template of every profile meets the Pod Security Standard "restricted" as the API
 * server's own admission plugin judges it (lib/checks/api-server.ts, through the validator), and
 * the Namespace makes the server enforce it; a template broken on purpose is refused in
 * admission's words, naming the controls.
 */
import { App, ApiObject, JsonPatch } from 'cdk8s';
import { CheckViolation } from '../../lib/checks';
import { apiServerCheck } from '../../lib/checks/api-server';
import { podTemplates } from '../../lib/checks/pods';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { PROFILES } from '../../lib/model/settings/profiles';
import { Manifest, PROFILE_NAMES, synthChart, synthProfile } from '../support/synth';
import { requireValidator } from '../support/validator';

const podSecurity = (v: readonly CheckViolation[]) => v.filter((x) => x.rule.includes('(Pod Security admission)'));

describe.each(PROFILE_NAMES)('profile %s', (profile) => {
  const namespace = PROFILES[profile].namespace;
  let manifests: Manifest[];

  beforeAll(() => {
    manifests = synthProfile(profile);
  });

  test('every pod template meets "restricted", as admission judges it', () => {
    expect(podTemplates(manifests).length).toBeGreaterThan(0);
    expect(podSecurity(apiServerCheck(requireValidator(), manifests, []))).toEqual([]);
  });

  test('the Namespace enforces "restricted", and every pod is created in it', () => {
    const ns = manifests.filter((m) => m.kind === 'Namespace');
    expect(ns.map((m) => m.metadata.name)).toEqual([namespace]);
    expect(ns[0].metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(podTemplates(manifests).filter((p) => p.namespace !== namespace).map((p) => p.owner)).toEqual([]);
  });
});

test('a template broken on purpose is refused in admission\'s words, each control named', () => {
  const chart = new TodoChart(new App(), 'todo', { config: PROFILES.local });
  const backend = ApiObject.of(chart.backend.deployment);
  backend.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities/add', ['NET_RAW']));
  backend.addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true));
  backend.addJsonPatch(JsonPatch.replace('/spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation', true));
  const found = podSecurity(apiServerCheck(requireValidator(), synthChart(chart), []));
  expect(found.map((v) => `${v.object} ${v.path}`)).toEqual(['todo/Deployment/backend spec.template.spec']);
  expect(found[0].rule).toMatch(/^would violate PodSecurity "restricted:latest": /);
  for (const control of ['host namespaces (hostNetwork=true)', 'allowPrivilegeEscalation != false (container "wait-for-database"', 'unrestricted capabilities (container "backend" must not include "NET_RAW"']) {
    expect(found[0].rule).toContain(control);
  }
});
