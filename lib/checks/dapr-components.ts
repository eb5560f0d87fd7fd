/**
 * Dapr Components and Subscriptions as their runtime reads them, every one in the app (the
 * user's own included): the mistakes public Phase V repositories show, each of which the API
 * server accepts or Dapr ignores in silence (docs/phase-v-runtime.md "Failure modes").
 */
import { DAPR_GROUP, KAFKA_AUTH_TYPES, KAFKA_CLIENT_VERSION, KAFKA_MIN_CLIENT_VERSION, KAFKA_SASL_MECHANISMS, kafkaVersionBelow, parseKafkaVersion } from '../model/dapr';
import { isInClusterHost } from './kubelet';
import { Manifest, objectRef } from './manifest';
import { daprApps } from './dapr-sidecars';
import { CheckViolation } from './violation';

const isDapr = (m: Manifest, kind: string) => typeof m.apiVersion === 'string' && m.apiVersion.startsWith(`${DAPR_GROUP}/`) && m.kind === kind;
const itemsOf = (m: Manifest): any[] => (Array.isArray(m.spec?.metadata) ? m.spec.metadata : []);
/** Names of metadata items that hold a credential in some component type. */
const CREDENTIAL_ITEM = /(password|secret|token|accesskey|secretkey|clientkey|privatekey|apikey|connectionstring|sasltoken)$/i;
/** A template placeholder left in: `{KAFKA_PASSWORD}`, `{{ .Values.x }}`, `${VAR}`, `<your-password>`. */
const PLACEHOLDER = /^\s*(\{\{.*\}\}|\$?\{[A-Za-z_][\w.\s-]*\}|<[^<>]+>)\s*$/;
/** A libpq DSN or URL with a password in it. */
const INLINE_PASSWORD = /(^|\s)password=\S|\/\/[^/\s@:]+:[^/\s@]+@/i;
const FIX_SECRET = 'take it from a Secret: { name: <item>, secretKeyRef: { name: <Secret>, key: <key> } } with auth.secretStore: kubernetes (the phaseV constructs do), the value in .env';

export function daprComponentViolations(objects: readonly Manifest[]): CheckViolation[] {
  const components = objects.filter((m) => isDapr(m, 'Component'));
  const subscriptions = objects.filter((m) => isDapr(m, 'Subscription'));
  const apps = daprApps(objects);
  const out: CheckViolation[] = [];
  const resiliencies = objects.filter((m) => isDapr(m, 'Resiliency'));
  for (const m of [...components, ...subscriptions, ...resiliencies, ...objects.filter((o) => isDapr(o, 'Configuration'))]) {
    if (m.spec && typeof m.spec === 'object' && 'scopes' in m.spec) {
      out.push({
        object: objectRef(m), path: 'spec.scopes',
        rule: `scopes under spec: the ${m.kind} has no spec.scopes (server-side apply refuses it; Helm 3 and client-side apply drop it, and every app in the namespace loads it)`,
        fix: 'move scopes to the top level, beside spec',
      });
    }
  }
  for (const m of components) {
    const type = String(m.spec?.type ?? '');
    itemsOf(m).forEach((item, i) => out.push(...itemViolations(m, item, i)));
    if (type === 'pubsub.kafka') out.push(...kafkaViolations(m, objects));
    out.push(...placementViolations(m, apps));
  }
  const pubsubs = components.filter((c) => String(c.spec?.type ?? '').startsWith('pubsub.'));
  for (const s of subscriptions) {
    const ns = s.metadata?.namespace ?? 'default';
    const name = s.spec?.pubsubname;
    if (!pubsubs.some((c) => c.metadata?.name === name && (c.metadata?.namespace ?? 'default') === ns)) {
      const there = pubsubs.filter((c) => (c.metadata?.namespace ?? 'default') === ns).map((c) => c.metadata.name);
      out.push({
        object: objectRef(s), path: 'spec.pubsubname',
        rule: `"${name}" is no pub/sub Component in namespace ${ns}${there.length ? ` (there: ${there.join(', ')})` : ''}: daprd logs "pubsub not found" and delivers nothing`,
        fix: there.length ? `name one of ${there.join(', ')}` : 'add the pub/sub Component (KafkaPubsub of ./lib/phase-v) in the same namespace',
      });
    }
    out.push(...placementViolations(s, apps));
  }
  for (const r of resiliencies) {
    out.push(...placementViolations(r, apps), ...resiliencyTargetViolations(r, components, apps));
  }
  return out;
}

/** A Resiliency's targets: Dapr applies a policy to an app-id or Component of the namespace only, and skips any other name in silence. */
function resiliencyTargetViolations(r: Manifest, components: readonly Manifest[], apps: ReturnType<typeof daprApps>): CheckViolation[] {
  const ns = r.metadata?.namespace ?? 'default';
  const out: CheckViolation[] = [];
  const targets = r.spec?.targets ?? {};
  const known = {
    apps: apps.filter((a) => a.namespace === ns).map((a) => a.appId),
    components: components.filter((c) => (c.metadata?.namespace ?? 'default') === ns).map((c) => c.metadata?.name),
  };
  for (const kind of ['apps', 'components'] as const) {
    for (const name of Object.keys(targets[kind] ?? {})) {
      if (known[kind].includes(name)) continue;
      const what = kind === 'apps' ? 'app-id of a Dapr workload' : 'Component';
      out.push({
        object: objectRef(r), path: `spec.targets.${kind}.${name}`,
        rule: `"${name}" is no ${what} in namespace ${ns}${known[kind].length ? ` (there: ${[...known[kind]].sort().join(', ')})` : ''}: Dapr applies these policies to nothing, and says nothing`,
        fix: known[kind].length ? `name one of ${[...known[kind]].sort().join(', ')}, or fix the typo` : `add the ${what} in ${ns}, or drop the target`,
      });
    }
  }
  return out;
}

/** One metadata item: no literal credential, no placeholder left in. */
function itemViolations(m: Manifest, item: any, i: number): CheckViolation[] {
  const path = `spec.metadata[${i}].value`;
  const name = String(item?.name ?? '');
  const value = item?.value;
  if (typeof value !== 'string' || value === '') return [];
  if (PLACEHOLDER.test(value)) {
    return [{ object: objectRef(m), path, rule: `${name} is a placeholder left in the manifest (not shown): Dapr uses it as the literal value`, fix: CREDENTIAL_ITEM.test(name) ? FIX_SECRET : 'write the real value, or a secretKeyRef for a credential' }];
  }
  if (CREDENTIAL_ITEM.test(name) || INLINE_PASSWORD.test(value)) {
    return [{ object: objectRef(m), path, rule: `${name} holds a literal ${INLINE_PASSWORD.test(value) ? 'password' : 'credential'} (not shown), which would be written into dist/ and every copy of the chart`, fix: FIX_SECRET }];
  }
  return [];
}

function kafkaViolations(m: Manifest, objects: readonly Manifest[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  const items = itemsOf(m);
  const at = (name: string) => items.findIndex((it) => it?.name === name);
  const value = (name: string) => items[at(name)]?.value;
  const ref = objectRef(m);
  const auth = at('authType');
  const required = at('authRequired');
  if (required >= 0) {
    out.push({
      object: ref, path: `spec.metadata[${required}].name`,
      rule: 'authRequired was removed from pubsub.kafka: "true" without saslPassword means mTLS and the component fails to load ("failed to find any PEM data")',
      fix: 'replace it with authType: "none", or "password" with saslUsername, saslPassword (secretKeyRefs) and saslMechanism',
    });
  }
  if (auth < 0) {
    out.push({ object: ref, path: 'spec.metadata', rule: 'no authType: Dapr 1.16 refuses to load pubsub.kafka without it ("\'authType\' attribute was missing or empty")', fix: `add { name: authType, value: none } (or ${KAFKA_AUTH_TYPES.filter((t) => t !== 'none').join(', ')})` });
  } else if (!(KAFKA_AUTH_TYPES as readonly string[]).includes(String(value('authType')))) {
    out.push({ object: ref, path: `spec.metadata[${auth}].value`, rule: `authType "${value('authType')}" is not one pubsub.kafka knows`, fix: `one of ${KAFKA_AUTH_TYPES.join(', ')}` });
  }
  const mech = at('saslMechanism');
  if (mech >= 0 && typeof items[mech]?.value === 'string' && !(KAFKA_SASL_MECHANISMS as readonly string[]).includes(items[mech].value)) {
    const v = items[mech].value as string;
    const meant = /^SCRAM-(SHA-(256|512))$/i.exec(v)?.[1]?.toUpperCase();
    out.push({
      object: ref, path: `spec.metadata[${mech}].value`,
      rule: `saslMechanism "${v}" is not a name Dapr knows: it falls back to PLAIN and the broker refuses the login`,
      fix: meant ? `"${meant}" (Dapr's name for ${v})` : `one of ${KAFKA_SASL_MECHANISMS.join(', ')}`,
    });
  }
  const version = at('version');
  if (version >= 0) {
    const v = items[version]?.value;
    const parsed = parseKafkaVersion(v);
    if (!parsed) out.push({ object: ref, path: `spec.metadata[${version}].value`, rule: `version ${JSON.stringify(v)} is not a Kafka version`, fix: `"${KAFKA_CLIENT_VERSION}"` });
    else if (kafkaVersionBelow(parsed, parseKafkaVersion(KAFKA_MIN_CLIENT_VERSION)!)) {
      out.push({
        object: ref, path: `spec.metadata[${version}].value`,
        rule: `version "${v}" is older than a Kafka 4 broker serves: publishing answers EOF (the broker: "unsupported version" of Produce), or below 0.10.2 the component does not load`,
        fix: `"${KAFKA_CLIENT_VERSION}" (the newest Dapr 1.16's client knows), at least "${KAFKA_MIN_CLIENT_VERSION}"`,
      });
    }
  }
  const brokers = at('brokers');
  if (brokers >= 0 && typeof items[brokers]?.value === 'string') out.push(...brokerHostViolations(m, items[brokers].value, `spec.metadata[${brokers}].value`, objects));
  return out;
}

/**
 * A broker host cluster DNS resolves (a bare name, `name.namespace`, `*.svc[.cluster.local]`)
 * must be a Service of the app: otherwise daprd exits with "no such host". External names are
 * the cluster's business.
 */
function brokerHostViolations(m: Manifest, brokers: string, path: string, objects: readonly Manifest[]): CheckViolation[] {
  const ns = m.metadata?.namespace ?? 'default';
  const services = objects.filter((o) => o.kind === 'Service');
  const out: CheckViolation[] = [];
  for (const broker of brokers.split(',').map((b) => b.trim()).filter(Boolean)) {
    const host = broker.replace(/:\d+$/, '');
    const parts = host.split('.');
    const shortWithNamespace = parts.length === 2 && !/^\d+$/.test(parts[1]);
    if (!isInClusterHost(host) && !shortWithNamespace) continue;
    const [svc, svcNs = ns] = parts;
    if (services.some((s) => s.metadata?.name === svc && (s.metadata?.namespace ?? 'default') === svcNs)) continue;
    const there = services.filter((s) => (s.metadata?.namespace ?? 'default') === svcNs).map((s) => s.metadata.name);
    out.push({
      object: objectRef(m), path,
      rule: `broker "${broker}" names Service "${svc}" in namespace ${svcNs}, which the app does not have${there.length ? ` (it has ${there.join(', ')})` : ''}: daprd exits with "client has run out of available brokers to talk to: ... no such host"`,
      fix: 'name the broker\'s Service (KafkaBroker\'s bootstrap, kafka.<namespace>.svc.cluster.local:9092), or a managed Kafka\'s full host name',
    });
  }
  return out;
}

/** A Component or Subscription in the Dapr apps' namespace, its scopes naming their app-ids. */
function placementViolations(m: Manifest, apps: ReturnType<typeof daprApps>): CheckViolation[] {
  if (apps.length === 0) return [];
  const ns = m.metadata?.namespace ?? 'default';
  const here = apps.filter((a) => a.namespace === ns);
  const out: CheckViolation[] = [];
  if (here.length === 0) {
    const namespaces = [...new Set(apps.map((a) => a.namespace))];
    out.push({
      object: objectRef(m), path: 'metadata.namespace',
      rule: `in namespace ${ns}, where no Dapr app runs (they run in ${namespaces.join(', ')}): sidecars load only their own namespace's ${m.kind}s ("pubsub not found")`,
      fix: `put it in ${namespaces.join(' or ')}`,
    });
    return out;
  }
  const ids = new Set(here.map((a) => a.appId));
  (Array.isArray(m.scopes) ? m.scopes : []).forEach((id: unknown, i: number) => {
    if (typeof id === 'string' && !ids.has(id)) {
      out.push({
        object: objectRef(m), path: `scopes[${i}]`,
        rule: `"${id}" is no app-id of a Dapr workload in namespace ${ns} (there: ${[...ids].sort().join(', ')})`,
        fix: 'name an app-id a workload has (dapr.io/app-id on its pod template), or fix the typo',
      });
    }
  });
  return out;
}
