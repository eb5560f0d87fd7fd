import * as k8s from '../../../imports/k8s';
import { ImageContract } from './image-contract';

/**
 * Checks a container's env against its image's contract and returns what is wrong, one message
 * per problem, each naming the workload and the variable. Empty when all is well.
 */
export function checkContainerEnv(workload: string, contract: ImageContract, env: readonly k8s.EnvVar[]): string[] {
  const errors: string[] = [];
  const wired = (v: k8s.EnvVar) => (v.value !== undefined && v.value !== '') || v.valueFrom !== undefined;

  for (const spec of contract.runtimeEnv.filter((s) => s.required)) {
    const entry = env.find((v) => v.name === spec.name);
    if (!entry || !wired(entry)) {
      errors.push(
        `${workload}: required env var ${spec.name} (${spec.description}) of the ${contract.component} image ` +
          `is not wired; give it a value or a valueFrom (e.g. a secretKeyRef)`,
      );
    }
  }

  const seen = new Set<string>();
  for (const v of env) {
    if (seen.has(v.name)) errors.push(`${workload}: env var ${v.name} is set more than once; Kubernetes keeps only the last`);
    // Kubernetes expands $(NAME) only for variables defined earlier in the list; anything else stays literal text.
    for (const ref of referencedEnvNames(v.value ?? '')) {
      if (!seen.has(ref)) {
        errors.push(`${workload}: env var ${v.name} references $(${ref}), which is not defined before it in the container's env`);
      }
    }
    seen.add(v.name);
  }
  return errors;
}

/** Names referenced as `$(NAME)` in a value (Kubernetes dependent environment variables). */
export function referencedEnvNames(value: string): string[] {
  // `$$(NAME)` is an escaped literal, not a reference.
  return [...value.matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]);
}
