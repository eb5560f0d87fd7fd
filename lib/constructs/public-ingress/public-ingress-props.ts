import { WebService } from '../web-service/web-service';

/** One public URL and the workload that serves it. */
export interface IngressRoute {
  /** Public URL; its host becomes the rule's host and its path the prefix (`/` if none). */
  readonly url: string;
  /** The workload whose Service serves it. */
  readonly workload: WebService;
}

/** Props of PublicIngress. */
export interface PublicIngressProps {
  /**
   * Value of `app.kubernetes.io/instance` and `part-of`.
   * @default - the instance of the TodoChart it is in (required outside one)
   */
  readonly instance?: string;
  /** The routes, at least one. */
  readonly routes: readonly IngressRoute[];
  /**
   * Namespace of the Ingress.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Name of the Ingress.
   * @default instance
   */
  readonly name?: string;
  /**
   * IngressClass that serves it.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * Secret with the TLS certificate for every route's host.
   * @default - plain HTTP
   */
  readonly tlsSecretName?: string;
}
