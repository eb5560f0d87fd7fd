import { TargetError } from './errors';
import { commandLine } from './quote-arg';
import { isNotInstalled, outputTail, spawnCommand } from './run-command';
import { CommandRunner, KubeContext, NodeFacts } from './types';
import { quote } from '../../util/quote';

/** The context and nodes detection reads. */
export interface KubeTarget {
  readonly context: KubeContext;
  readonly nodes: readonly NodeFacts[];
}

async function kubectlJson(kubectl: string, args: readonly string[], run: CommandRunner): Promise<any> {
  const shown = commandLine(kubectl, args);
  let result;
  try {
    result = await run(kubectl, args);
  } catch (err) {
    if (isNotInstalled(err)) throw new TargetError(`\`${shown}\` cannot run: ${kubectl} is not installed or not on PATH. Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set its path.`);
    throw err;
  }
  if (result.code !== 0) throw new TargetError(`\`${shown}\` failed (exit ${result.code}):\n${outputTail(result)}`);
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new TargetError(`\`${shown}\` did not print JSON (is ${kubectl} kubectl?)`);
  }
}

/** The `provider` of a kubeconfig entry's extensions (kubectl prints them as [{name, extension}]). */
function extensionProvider(entry: any): string | undefined {
  const extensions: any[] = Array.isArray(entry?.extensions) ? entry.extensions : [];
  return extensions.map((e) => e?.extension?.provider).find((p) => typeof p === 'string');
}

const stringMap = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {};

function nodeFacts(node: any): NodeFacts {
  return {
    name: String(node?.metadata?.name ?? ''),
    labels: stringMap(node?.metadata?.labels),
    annotations: stringMap(node?.metadata?.annotations),
    containerRuntimeVersion: String(node?.status?.nodeInfo?.containerRuntimeVersion ?? ''),
    ...(node?.spec?.providerID ? { providerID: String(node.spec.providerID) } : {}),
    ...(node?.status?.nodeInfo?.osImage ? { osImage: String(node.status.nodeInfo.osImage) } : {}),
  };
}

/**
 * Reads the kube context (the current one, or `context`) and its cluster's nodes through the
 * user's kubectl: `kubectl config view --minify -o json` and `kubectl get nodes -o json`.
 * Throws TargetError naming the command when kubectl is missing, the context does not exist or
 * the cluster does not answer.
 */
export async function readKubeTarget(kubectl: string, context?: string, run: CommandRunner = spawnCommand): Promise<KubeTarget> {
  const contextArgs = context ? ['--context', context] : [];
  const config = await kubectlJson(kubectl, ['config', 'view', '--minify', '-o', 'json', ...contextArgs], run);
  const entry = config?.contexts?.[0];
  if (!entry?.name) {
    throw new TargetError(
      context
        ? `The kube context ${quote(context)} is not in the kubeconfig. List them with \`kubectl config get-contexts\`.`
        : 'No current kube context: set one with `kubectl config use-context NAME`, or pass --context NAME.',
    );
  }
  const cluster = config?.clusters?.[0];
  const kubeContext: KubeContext = {
    name: String(entry.name),
    cluster: String(entry.context?.cluster ?? ''),
    user: String(entry.context?.user ?? ''),
    server: String(cluster?.cluster?.server ?? ''),
    ...((extensionProvider(cluster?.cluster) ?? extensionProvider(entry.context)) ? { provider: extensionProvider(cluster?.cluster) ?? extensionProvider(entry.context) } : {}),
  };
  const nodes = await kubectlJson(kubectl, ['get', 'nodes', '-o', 'json', '--context', kubeContext.name, '--request-timeout=20s'], run);
  return { context: kubeContext, nodes: (Array.isArray(nodes?.items) ? nodes.items : []).map(nodeFacts) };
}
