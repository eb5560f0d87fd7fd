import * as fs from 'fs';
import { TodoConfig } from '../model/settings/types';
import { ComponentName } from '../model/contract/image-contract';
import { APP_CHECKS } from './registry';
import { AppSources } from './sources';
import { AppCheck, AppFinding } from './types';
import { ExplainedError } from '../util/explained-error';
import { AppShape, describeAppShape, detectAppShape } from './shape-detect';

/** Where the allow list came from, for messages. */
export const ALLOW_SETTING = 'appChecks.allow';
export const ALLOW_FLAG = '--allow-app-check';

/** The result of checking one app: findings by what they do to the build. */
export interface AppCheckReport {
  readonly frontendDir: string;
  readonly backendDir: string;
  /** Errors that stop the build. */
  readonly errors: readonly AppFinding[];
  /** Errors the user allowed (appChecks.allow or --allow-app-check): reported, not fatal. */
  readonly allowed: readonly AppFinding[];
  readonly warnings: readonly AppFinding[];
  /** What the sources were found to be (manifests, package manager, ASGI app...). @default undefined (not shown) */
  readonly shape?: AppShape;
  /** The same, as check-app prints it. @default undefined (not shown) */
  readonly found?: string;
}

/** The checks failed: `npm run images` and `npm run check-app` print the report and exit 1. */
export class AppCheckError extends ExplainedError {
  constructor(readonly report: AppCheckReport) {
    super(formatAppCheckReport(report));
    this.name = 'AppCheckError';
  }
}

/** An allow-list entry names no check: a typo would silently allow nothing. */
export class UnknownAppCheckError extends ExplainedError {
  constructor(unknown: readonly { id: string; source: string }[]) {
    super(
      unknown.map((u) => `${u.source}: ${JSON.stringify(u.id)} is not an app check id`).join('\n') +
        `\nKnown ids: ${APP_CHECKS.map((c) => c.id).join(', ')} (\`npm run check-app -- --list\` describes them).`,
    );
    this.name = 'UnknownAppCheckError';
  }
}

export interface RunAppChecksInput {
  readonly config: TodoConfig;
  readonly frontendDir: string;
  readonly backendDir: string;
  /** Ids allowed on the command line, added to `config.appChecks.allow`. @default [] */
  readonly allow?: readonly string[];
  /** @default APP_CHECKS */
  readonly checks?: readonly AppCheck[];
  /**
   * Run only the checks of this component's sources (the other image is not being built).
   * @default undefined (both)
   */
  readonly only?: ComponentName;
  /** Directories of the additional services (`services.<name>.sourceDir`, resolved). @default {} */
  readonly serviceDirs?: Readonly<Record<string, string>>;
}

/**
 * Runs every check over the app's sources. A source directory that does not exist is skipped
 * here (the build reports it with the flag to fix it). Throws UnknownAppCheckError for an
 * allow-list id that names no check.
 */
export function runAppChecks(input: RunAppChecksInput): AppCheckReport {
  const checks = input.checks ?? APP_CHECKS;
  const fromConfig = (input.config.appChecks?.allow ?? []).map((id, i) => ({ id, source: `${ALLOW_SETTING}[${i}]` }));
  const fromFlags = (input.allow ?? []).map((id) => ({ id, source: `${ALLOW_FLAG} ${id}` }));
  const requested = [...fromConfig, ...fromFlags];
  const unknown = requested.filter((r) => !checks.some((c) => c.id === r.id));
  if (unknown.length) throw new UnknownAppCheckError(unknown);
  const allow = new Set(requested.map((r) => r.id));

  const sources = new AppSources(input.frontendDir, input.backendDir);
  const shape = detectAppShape(input.config, sources, input.serviceDirs);
  const findings = checks.flatMap((check) => {
    if (input.only && input.only !== (isBackendCheck(check) ? 'backend' : 'frontend')) return [];
    const dir = isBackendCheck(check) ? input.backendDir : input.frontendDir;
    return isDirectory(dir) ? check.run({ config: input.config, sources, shape }) : [];
  });
  return {
    frontendDir: input.frontendDir,
    backendDir: input.backendDir,
    errors: findings.filter((f) => f.severity === 'error' && !allow.has(f.check)),
    allowed: findings.filter((f) => f.severity === 'error' && allow.has(f.check)),
    warnings: findings.filter((f) => f.severity === 'warning'),
    shape,
    // A base image the settings name is the one built FROM, whatever the Python pin says.
    found: describeAppShape(shape, (field) => {
      const args = field === 'backend' ? input.config.images.backend.buildArgs : { ...input.config.images.backend.buildArgs, ...input.config.services?.[field.split('.')[1]]?.image?.buildArgs };
      return args?.PYTHON_IMAGE ? `${args.PYTHON_IMAGE} (${field === 'backend' ? 'images.backend.buildArgs.PYTHON_IMAGE' : 'the settings\' PYTHON_IMAGE'})` : undefined;
    }),
  };
}

function isBackendCheck(check: AppCheck): boolean {
  return check.id.startsWith('backend-');
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Throws AppCheckError when the report has errors that were not allowed. */
export function assertAppChecksPass(report: AppCheckReport): void {
  if (report.errors.length) throw new AppCheckError(report);
}

function formatFinding(f: AppFinding, label: string): string {
  const lines = [`${label} [${f.check}] ${f.file}`, `  what: ${f.problem}`, `  why:  ${f.why}`, `  fix:  ${f.fix}`];
  if (label === 'error') lines.push(`  override (if the app knows better): ${ALLOW_SETTING}: ['${f.check}'] or ${ALLOW_FLAG} ${f.check}`);
  return lines.join('\n');
}

/** How a report with errors ends, by the command that ran the checks: each says what it did. */
export const REPORT_CLOSING = {
  images: 'Nothing was built: fix the errors above (or allow them) and run again.',
  'check-app': '`npm run images` would stop here, before building: fix the errors above (or allow them) and run the checks again.',
} as const;

/**
 * The report as printed: a summary line, then every finding with its file, what, why and fix,
 * and (with errors) a closing line for the command that ran the checks (default `npm run images`).
 */
export function formatAppCheckReport(report: AppCheckReport, command: keyof typeof REPORT_CLOSING = 'images'): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const head =
    `App source checks (frontend ${report.frontendDir}, backend ${report.backendDir}): ` +
    `${count(report.errors.length, 'error')}, ${count(report.warnings.length, 'warning')}` +
    (report.allowed.length ? `, ${report.allowed.length} allowed` : '');
  const blocks = [
    ...report.errors.map((f) => formatFinding(f, 'error')),
    ...report.allowed.map((f) => formatFinding(f, 'allowed')),
    ...report.warnings.map((f) => formatFinding(f, 'warning')),
  ];
  const tail = report.errors.length ? [REPORT_CLOSING[command]] : [];
  const found = report.found ? [`What the sources are (settings name what detection cannot decide; README "Your app"):\n${report.found}`] : [];
  return [head, ...found, ...blocks, ...tail].join('\n\n');
}
