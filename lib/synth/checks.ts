import { TodoConfig } from '../config/types';

/**
 * One thing wrong with a synthesized object (the shape lib/checks' `checkManifests` returns).
 */
export interface CheckViolation {
  /** The object, as `Kind/name`. */
  readonly object: string;
  /** The field path inside it, e.g. `spec.template.spec.containers[0].securityContext`. */
  readonly path: string;
  /** The rule that was broken. */
  readonly rule: string;
  /** What to change so that it holds. */
  readonly fix: string;
}

/** A synth-time check over everything synthesized, user additions included. */
export type ManifestCheck = (manifests: readonly any[], config: TodoConfig) => CheckViolation[];

/**
 * The checks every synth runs unless `synthesizeApp`'s `checks` option replaces them. Empty on
 * this branch: the lead registers lib/checks' `checkManifests` here at merge
 * (`registerManifestCheck(checkManifests)` in lib/synth/index.ts).
 */
const registered: ManifestCheck[] = [];

/** Adds a check that every later `synthesizeApp` call runs (unless given its own list). */
export function registerManifestCheck(check: ManifestCheck): void {
  if (!registered.includes(check)) registered.push(check);
}

/** The checks registered so far, in registration order. */
export function registeredManifestChecks(): readonly ManifestCheck[] {
  return [...registered];
}

/** Thrown when a check fails: names every violation. */
export class ManifestCheckError extends Error {
  constructor(public readonly violations: readonly CheckViolation[]) {
    super(`Synth-time checks failed (${violations.length}):\n` + formatCheckViolations(violations));
    this.name = 'ManifestCheckError';
  }
}

/** One line per violation: object, field path, rule, fix. */
export function formatCheckViolations(violations: readonly CheckViolation[]): string {
  return violations.map((v) => `  - ${v.object} ${v.path}: ${v.rule}; fix: ${v.fix}`).join('\n');
}

/** Runs the checks; throws ManifestCheckError naming every violation when any fails. */
export function runManifestChecks(checks: readonly ManifestCheck[], manifests: readonly any[], config: TodoConfig): void {
  const violations = checks.flatMap((check) => check(manifests, config));
  if (violations.length > 0) throw new ManifestCheckError(violations);
}
