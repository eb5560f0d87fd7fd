import { CheckContext, CheckError, checkManifests, CheckViolation, errorsOf, formatViolations, warningsOf } from '../checks';
import { TodoConfig } from '../model/settings/types';

export { CheckViolation };

/** Where a synth-time check runs (lib/checks' CheckContext). */
export type ManifestCheckContext = CheckContext;

/** A synth-time check over everything synthesized, user additions included. */
export type ManifestCheck = (manifests: readonly any[], config: TodoConfig, context?: ManifestCheckContext) => CheckViolation[];

/**
 * The checks every synth runs unless `synthesizeApp`'s `checks` option replaces them: lib/checks
 * (schema, Pod Security Standard, kubelet and scheduler realities, cross-field rules) first.
 */
const registered: ManifestCheck[] = [checkManifests];

/** Adds a check that every later `synthesizeApp` call runs (unless given its own list). */
export function registerManifestCheck(check: ManifestCheck): void {
  if (!registered.includes(check)) registered.push(check);
}

/** The checks registered so far, in registration order. */
export function registeredManifestChecks(): readonly ManifestCheck[] {
  return [...registered];
}

/** Thrown when a check fails; its message names every violation (lib/checks' CheckError). */
export const ManifestCheckError = CheckError;
export type ManifestCheckError = CheckError;

/** Runs the checks; prints the warnings, and throws a CheckError naming every error when any fails. */
export function runManifestChecks(checks: readonly ManifestCheck[], manifests: readonly any[], config: TodoConfig, context: ManifestCheckContext = {}): void {
  const violations = checks.flatMap((check) => check(manifests, config, context));
  const warnings = warningsOf(violations);
  if (warnings.length > 0) console.error(`Warning: ${warnings.length} thing${warnings.length === 1 ? '' : 's'} in the manifests may not be what you meant:\n${formatViolations(warnings)}`);
  const errors = errorsOf(violations);
  if (errors.length > 0) throw new CheckError(errors);
}
