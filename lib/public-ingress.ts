import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { AppWorkload } from './app-workload';
import { appLabels } from './labels';

/** One public URL and the workload that serves it. */
export interface IngressRoute {
  /** Public URL; its host becomes the rule's host and its path the prefix (`/` if none). */
  readonly url: string;
  readonly workload: AppWorkload;
}

/** Props of PublicIngress. */
export interface PublicIngressProps {
  readonly namespace: string;
  readonly instance: string;
  readonly routes: readonly IngressRoute[];
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

/** An Ingress that serves each route's public URL from its workload's Service. */
export class PublicIngress extends Construct {
  public readonly ingress: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    const name = props.name ?? props.instance;
    const routes = props.routes.map((r) => ({ url: new URL(r.url), workload: r.workload }));
    const hosts = [...new Set(routes.map((r) => r.url.hostname))];

    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: {
        name,
        namespace: props.namespace,
        labels: appLabels({ name, instance: props.instance, component: 'ingress' }),
      },
      spec: {
        ...(props.className ? { ingressClassName: props.className } : {}),
        ...(props.tlsSecretName ? { tls: [{ hosts, secretName: props.tlsSecretName }] } : {}),
        rules: hosts.map((host) => ({
          host,
          http: {
            paths: routes
              .filter((r) => r.url.hostname === host)
              .map((r) => ({
                path: r.url.pathname,
                pathType: 'Prefix',
                backend: { service: { name: r.workload.name, port: { name: 'http' } } },
              })),
          },
        })),
      },
    });
  }
}
