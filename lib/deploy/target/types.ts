import type Docker from 'dockerode';

/** The kube context a deploy goes to, as `kubectl config view --minify` shows it. */
export interface KubeContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  /** The API server URL of the context's cluster. */
  readonly server: string;
  /**
   * The `provider` of the cluster's or context's kubeconfig extension: minikube writes
   * `minikube.sigs.k8s.io` there (pkg/minikube/kubeconfig/extension.go).
   * @default undefined (no such extension)
   */
  readonly provider?: string;
}

/** What detection reads from one Node object. */
export interface NodeFacts {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `status.nodeInfo.containerRuntimeVersion`, e.g. `docker://28.1.1`, `containerd://1.7.27`. */
  readonly containerRuntimeVersion: string;
  /** `spec.providerID`, e.g. `kind://docker/kind/kind-control-plane`. @default undefined */
  readonly providerID?: string;
  /** `status.nodeInfo.osImage`, e.g. `Docker Desktop`. @default undefined */
  readonly osImage?: string;
}

/** Where the cluster's nodes get their images from. */
export type ClusterTarget =
  | { readonly kind: 'minikube'; readonly context: string; readonly profile: string; readonly runtime: 'docker' | 'containerd' | 'cri-o' }
  | { readonly kind: 'kind'; readonly context: string; readonly clusterName: string; readonly nodes: readonly string[] }
  | { readonly kind: 'docker-desktop'; readonly context: string }
  /** Fake nodes (annotation kwok.x-k8s.io/node=fake): they run no containers, so no image is needed. */
  | { readonly kind: 'kwok'; readonly context: string }
  /**
   * A node labelled todo-k8s.dev/images=host-containerd: its containerd runs on this host, so images go
   * `docker save | ctr -n k8s.io images import -`. `address`: the node's annotation
   * todo-k8s.dev/containerd-address, else the socket of kubeadm's kubeadm.alpha.kubernetes.io/cri-socket. @default address: ctr's own default (CONTAINERD_ADDRESS or /run/containerd/containerd.sock)
   */
  | { readonly kind: 'host-containerd'; readonly context: string; readonly address?: string }
  /** Any other cluster: images come from a registry (`--registry`). @default registry: none given */
  | { readonly kind: 'cloud'; readonly context: string; readonly registry?: string };

/** One image the manifests run. */
export interface ImageToDeliver {
  /** `backend`, `frontend`, `frontend-migrate`... for messages. */
  readonly component: string;
  /** `repository:tag`, as in the lock and the manifests. */
  readonly reference: string;
  /** Docker image ID (`sha256:...`) the lock recorded. */
  readonly imageId: string;
  /**
   * The digest reference this image was pushed as to the target's registry (the lock's `pushed`), checked before pushing again.
   * @default undefined (never pushed there)
   */
  readonly pushedReference?: string;
}

/** The outcome of one command. */
export interface CommandResult {
  /** Exit code; null when killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one command. */
export interface CommandOptions {
  /** Streamed to the command's stdin. @default none (stdin is /dev/null) */
  readonly stdin?: NodeJS.ReadableStream;
  /** Extra environment on top of the process's. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Killed (exit code null) after this many milliseconds. @default 900000 (15 minutes) */
  readonly timeoutMs?: number;
}

/**
 * Runs a program without a shell. Rejects only when it cannot start (an ENOENT error's `code`
 * says the program is not on PATH); a non-zero exit resolves with the code.
 */
export type CommandRunner = (command: string, args: readonly string[], options?: CommandOptions) => Promise<CommandResult>;

/** Program names; each may be an absolute path. */
export interface TargetCommands {
  /** @default 'minikube' */
  readonly minikube?: string;
  /** @default 'kind' */
  readonly kind?: string;
  /** @default 'docker' */
  readonly docker?: string;
  /** @default 'ctr' */
  readonly ctr?: string;
}

/** What delivery uses. */
export interface DeliveryDeps {
  /** The user's Docker Engine, where `npm run images` built the images. */
  readonly docker: Docker;
  readonly run: CommandRunner;
  /** One progress line (to stderr). */
  readonly log: (line: string) => void;
  /** @default every program from PATH */
  readonly commands?: TargetCommands;
}

export type DeliveryStatus = 'already-there' | 'loaded' | 'pushed' | 'not-needed';

/** What happened to one image. */
export interface DeliveredImage {
  readonly component: string;
  readonly reference: string;
  readonly status: DeliveryStatus;
  /** The command (or its equivalent) that loaded or pushed it. @default undefined (nothing was run) */
  readonly command?: string;
  /** `registry/repository@sha256:...` after a push, or the verified earlier push. @default undefined (not a registry target) */
  readonly pushedReference?: string;
}

export interface DeliveryReport {
  readonly target: ClusterTarget;
  readonly images: readonly DeliveredImage[];
}
