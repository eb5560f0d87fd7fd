import * as k8s from '../imports/k8s';

/** An env var with a literal value. */
export function envValue(name: string, value: string): k8s.EnvVar {
  return { name, value };
}

/** An env var read from a Secret key when the container starts; the value never enters the manifest. */
export function envFromSecret(name: string, secretName: string, key: string = name): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Names referenced as `$(NAME)` in a value (Kubernetes dependent environment variables). */
export function referencedEnvNames(value: string): string[] {
  // `$$(NAME)` is an escaped literal, not a reference.
  return [...value.matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]);
}
