/**
 * Container settings the kubelet gets wrong without a word (the API server accepts them): a probe
 * aimed at a port name the container does not have (it fails forever), and a `$(VAR)` reference
 * the kubelet leaves as literal text.
 */
import { allContainers, PodTemplate } from './pods';
import { CheckViolation } from './violation';

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

/** A probe's named port must be one of the container's own port names. */
export function probePortViolations(pods: readonly PodTemplate[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const pod of pods) {
    for (const { path, container } of allContainers(pod.spec)) {
      const names = ((container?.ports ?? []) as any[]).map((p) => p?.name).filter(Boolean);
      for (const kind of PROBES) {
        const probe = container?.[kind];
        for (const handler of ['httpGet', 'tcpSocket'] as const) {
          const port = probe?.[handler]?.port;
          if (typeof port === 'string' && !names.includes(port)) {
            out.push({
              object: pod.owner, path: `${pod.specPath}.${path}.${kind}.${handler}.port`,
              rule: `probe port "${port}" is not a port name of the container (${names.join(', ') || 'it names none'}); the kubelet fails the probe forever`,
              fix: names.length > 0 ? `use one of ${names.map((n) => `"${n}"`).join(', ')} or the port number` : 'use the port number, or name the container port',
            });
          }
        }
      }
    }
  }
  return out;
}

/** `$(NAME)` references in a string, the way Kubernetes expands them (`$$` escapes a `$`). */
export function envReferences(value: string): string[] {
  const refs: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') continue;
    if (value[i + 1] === '$') {
      i++;
      continue;
    }
    const m = /^\(([A-Za-z_][A-Za-z0-9_]*)\)/.exec(value.slice(i + 1));
    if (m) refs.push(m[1]);
  }
  return refs;
}

/**
 * `$(NAME)` in an env value is expanded only when NAME is defined earlier in the same
 * container's env; in command and args, when it is in the env at all. Otherwise the literal
 * text reaches the app. A container with `envFrom` may define names synth cannot see, so its
 * command and args are not checked.
 */
export function envReferenceViolations(pods: readonly PodTemplate[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const pod of pods) {
    for (const { path, container } of allContainers(pod.spec)) {
      const defined = new Set<string>();
      const env: any[] = Array.isArray(container?.env) ? container.env : [];
      env.forEach((e, i) => {
        for (const ref of envReferences(String(e?.value ?? ''))) {
          if (!defined.has(ref)) {
            out.push({
              object: pod.owner, path: `${pod.specPath}.${path}.env[${i}].value`,
              rule: `${e.name} references $(${ref}), which is not defined before it, so the app gets the literal text`,
              fix: `define ${ref} earlier in the container's env`,
            });
          }
        }
        defined.add(e?.name);
      });
      if (container?.envFrom) continue;
      for (const field of ['command', 'args'] as const) {
        ((Array.isArray(container?.[field]) ? container[field] : []) as unknown[]).forEach((arg, i) => {
          for (const ref of envReferences(String(arg))) {
            if (!defined.has(ref)) {
              out.push({ object: pod.owner, path: `${pod.specPath}.${path}.${field}[${i}]`, rule: `references $(${ref}), which is not in the container's env`, fix: `add ${ref} to the container's env, or write $$(${ref}) for a literal` });
            }
          }
        });
      }
    }
  }
  return out;
}
