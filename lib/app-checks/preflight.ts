import * as fs from 'fs';
import { TodoConfig } from '../model/settings/types';
import { COMPONENTS, ComponentName } from '../model/contract/image-contract';
import { assertAppChecksPass, formatAppCheckReport, runAppChecks } from './run-checks';

export interface AppChecksPreflightOptions {
  readonly config: TodoConfig;
  readonly sourceDirs: { readonly frontend: string; readonly backend: string };
  /** Ids allowed on the command line. @default [] */
  readonly allow?: readonly string[];
  /**
   * Check only this component's sources (`npm run images -- --only`): the other is not built.
   * @default undefined (both)
   */
  readonly only?: ComponentName;
  /** The additional services' directories. @default {} */
  readonly serviceDirs?: Readonly<Record<string, string>>;
  /** Where warnings and allowed errors go when nothing fails (the command prints them). */
  readonly log: (text: string) => void;
}

/**
 * The app-source checks as `npm run images` runs them before its first build step: warnings
 * and allowed errors are printed, errors throw AppCheckError (the whole report).
 */
export function appChecksPreflight(options: AppChecksPreflightOptions): () => void {
  return () => {
    // A source directory that is not there is the first thing to fix: the build names it with the
    // flag to point at it, and checks of the other directory would only add noise.
    const checked = options.only ? [options.only] : COMPONENTS;
    if (!checked.every((c) => isDirectory(options.sourceDirs[c]))) return;
    const report = runAppChecks({
      config: options.config,
      frontendDir: options.sourceDirs.frontend,
      backendDir: options.sourceDirs.backend,
      allow: options.allow,
      only: options.only,
      serviceDirs: options.serviceDirs,
    });
    assertAppChecksPass(report);
    if (report.warnings.length || report.allowed.length) options.log(`${formatAppCheckReport(report)}\n`);
  };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
