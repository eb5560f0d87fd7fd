import * as kplus from 'cdk8s-plus-30';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { secretByName } from '../common/env';
import { appLabels } from '../../model/labels';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { PublicIngressProps } from './public-ingress-props';
import { chartSettingsOf } from '../common/chart-settings';

/** An Ingress that serves each route's public URL from its workload's Service. */
export class PublicIngress extends Construct {
  /** The plus-30 Ingress: `ingress.addHostRule(...)` adds more. */
  public readonly ingress: kplus.Ingress;

  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    const instance = props.instance ?? chartSettingsOf(this)?.instance ?? '';
    const name = props.name ?? instance;
    const c = new FieldChecker();
    if (new.target === PublicIngress) c.absorb(shapeIssues('PublicIngressProps', props));
    if (!instance) c.check(false, 'instance', props.instance, 'the app instance (`app.kubernetes.io/instance`); required outside a TodoChart, which gives its own');
    c.label('name', name, 253);
    c.check(props.routes.length > 0, 'routes', props.routes, 'at least one route');
    const routes = props.routes.flatMap((r, i) => {
      let url: URL | undefined;
      try {
        url = new URL(r.url);
      } catch {
        url = undefined;
      }
      const ok = c.check(url !== undefined && ['http:', 'https:'].includes(url.protocol) && !/^[0-9.]+$/.test(url.hostname),
        `routes[${i}].url`, r.url, 'an absolute http(s) URL whose host is a DNS name');
      return ok ? [{ url: url!, workload: r.workload }] : [];
    });
    PropsError.throwIfAny(this, c.issues);
    const hosts = [...new Set(routes.map((r) => r.url.hostname))];

    this.ingress = new kplus.Ingress(this, 'ingress', {
      metadata: {
        name,
        namespace: props.namespace ?? Chart.of(this).namespace,
        labels: appLabels({ name, instance, component: 'ingress' }),
      },
      className: props.className,
      tls: props.tlsSecretName ? [{ hosts, secret: secretByName(this, props.tlsSecretName) }] : undefined,
    });
    // plus-30 refuses a second rule for the same host and path, naming both.
    for (const r of routes) {
      this.ingress.addHostRule(
        r.url.hostname,
        r.url.pathname,
        kplus.IngressBackend.fromService(r.workload.service, { port: r.workload.port }),
        kplus.HttpIngressPathType.PREFIX,
      );
    }
  }
}
