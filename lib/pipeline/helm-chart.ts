import { OutputFile } from './publish';
import { ChartMetadata } from './chart-metadata';
import { escapeForHelmTemplate } from './helm-escape';

/** The one template file: the same YAML stream `npm run synth` writes to dist/, escaped. */
export const TEMPLATE_FILE = 'templates/todo.yaml';

/**
 * Keeps the Namespace (and with it the database's PersistentVolumeClaim, which the StatefulSet
 * created and Helm never owned) when the release is uninstalled: deleting a Namespace deletes
 * everything in it. `kubectl delete namespace <ns>` removes the data deliberately.
 */
export const KEEP_POLICY = { 'helm.sh/resource-policy': 'keep' } as const;

/**
 * The files of a Helm chart whose templates are exactly `manifests` (no values, no template
 * logic): the chart only carries release management. The Namespace object stays in the
 * templates, with its Pod Security labels, so the release is installed into an existing
 * namespace (e.g. `default`) and without `--create-namespace`; it gets KEEP_POLICY.
 * Chart.yaml is last: publishFiles renames in this order.
 */
export function helmChartFiles(meta: ChartMetadata, manifests: readonly any[], stringify: (docs: any[]) => string): OutputFile[] {
  const docs = manifests.map((m) =>
    m.kind === 'Namespace' && m.apiVersion === 'v1'
      ? { ...m, metadata: { ...m.metadata, annotations: { ...(m.metadata.annotations ?? {}), ...KEEP_POLICY } } }
      : m,
  );
  return [
    { path: TEMPLATE_FILE, content: escapeForHelmTemplate(stringify(docs)) },
    {
      path: 'values.yaml',
      content:
        '# This chart takes no values: settings come from the todo-k8s profile and values files\n' +
        '# (npm run chart -- --profile NAME --values FILE), checked before the chart is written.\n',
    },
    { path: 'Chart.yaml', content: chartYaml(meta) },
  ];
}

function chartYaml(meta: ChartMetadata): string {
  // JSON strings are valid YAML scalars: every value stays a string (helm lint checks the type).
  const field = (key: keyof ChartMetadata) => `${key}: ${JSON.stringify(meta[key])}\n`;
  return (
    '# Written by `npm run chart` (todo-k8s); edits are replaced on the next run.\n' +
    (['apiVersion', 'name', 'description', 'type', 'version', 'appVersion', 'icon'] as const).map(field).join('')
  );
}
