// Needs: cluster
/**
 * `npm run deploy` with Phase V on, against a cluster without Dapr's control plane (the kwok test
 * cluster has none): refused before anything is built or changed, naming what is missing and the
 * command that installs it; the namespace is never created.
 */
import { ClusterProject } from '../cluster/cluster-project';
import { kubectl } from '../support/cluster';

jest.setTimeout(5 * 60 * 1000);

const PHASE_V = `dapr:
  enabled: true
  pubsub: { kind: kafka, brokers: ["kafka.example.com:9092"], tls: false }
`;

describe('Phase V on a cluster without Dapr', () => {
  const project = new ClusterProject('pv-nodapr', { values: PHASE_V });
  afterAll(() => project.remove());

  test('deploy is refused before any change, naming the missing CRDs and how to install Dapr', () => {
    expect(kubectl(['get', 'crd', 'components.dapr.io']).status).not.toBe(0);
    project.writeEnv();
    const r = project.run('deploy', ['--timeout', '60s']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Dapr's control plane is not installed in this cluster (no CustomResourceDefinition components.dapr.io, subscriptions.dapr.io); nothing was built or changed.");
    expect(r.stderr).toMatch(/helm upgrade --install dapr dapr --repo https:\/\/dapr\.github\.io\/helm-charts --version 1\.16\.0/);
    expect(r.stderr).toContain('dapr_sidecar_injector.sidecarDropALLCapabilities=true');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    if (process.env.SHOW) console.log(r.stderr);
    expect(r.stderr).not.toContain('deploy: synth');
    expect(kubectl(['get', 'namespace', project.namespace]).status).not.toBe(0);
  });
});
