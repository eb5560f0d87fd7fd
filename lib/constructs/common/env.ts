import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';

/** One container env variable: a name and a plus-30 value, kept in order (`$(NAME)` refers back). */
export interface EnvVariable {
  readonly name: string;
  readonly value: kplus.EnvValue;
}

/** An env variable with a literal value. */
export function envValue(name: string, value: string): EnvVariable {
  return { name, value: kplus.EnvValue.fromValue(value) };
}

/**
 * An env variable read from a Secret key when the container starts; the value never enters the
 * manifest. The Secret is referenced by name (imported once per scope), never synthesized.
 */
export function envFromSecret(scope: Construct, name: string, secretName: string, key: string = name): EnvVariable {
  return { name, value: kplus.EnvValue.fromSecretValue({ secret: secretByName(scope, secretName), key }) };
}

/** An env variable from a field of the pod, e.g. `status.podIP`. */
export function envFromField(name: string, fieldPath: kplus.EnvFieldPaths): EnvVariable {
  return { name, value: kplus.EnvValue.fromFieldRef(fieldPath) };
}

/** A reference to an existing Secret, created once per scope so several variables can share it. */
export function secretByName(scope: Construct, secretName: string): kplus.ISecret {
  const id = `secret-ref-${secretName}`;
  return (scope.node.tryFindChild(id) as kplus.ISecret | undefined) ?? kplus.Secret.fromSecretName(scope, id, secretName);
}

/** Appends variables to a container's env in order (plus-30 keeps insertion order). */
export function addEnv(container: kplus.Container, vars: readonly EnvVariable[]): void {
  for (const v of vars) container.env.addVariable(v.name, v.value);
}

/** The variables as the manifest will carry them (`name`, `value` / `valueFrom`), for checks. */
export function toKubeEnv(vars: readonly EnvVariable[]): k8s.EnvVar[] {
  return vars.map((v) => ({ name: v.name, ...(v.value.value !== undefined ? { value: v.value.value } : {}), ...(v.value.valueFrom ? { valueFrom: v.value.valueFrom } : {}) }));
}

/** A container's current env (plus-30 `Env`) in manifest form. */
export function containerEnv(container: kplus.Container): k8s.EnvVar[] {
  return toKubeEnv(Object.entries(container.env.variables).map(([name, value]) => ({ name, value })));
}

// Still exported here (this module's API); it lives with the contract's env check.
export { referencedEnvNames } from '../../model/contract/check-env';
