import * as path from 'path';
import { frontendMigration } from '../model/settings/frontend-migration';
import { AppCheck } from './types';

/**
 * The migration image runs the CLI from the app's own install, at the lockfile's version, under
 * `dependencies` or `devDependencies` alike (the image keeps it with the production install):
 * the app must list it, and better-auth.
 */
export const betterAuthCliMissing: AppCheck = {
  id: 'better-auth-cli-missing',
  severity: 'error',
  summary: 'the Better Auth migration is on, but package.json lists no @better-auth/cli (or better-auth)',
  run({ config, sources }) {
    const pkg = sources.packageJson();
    if (frontendMigration(config).kind !== 'better-auth' || pkg === undefined) return [];
    const missing = ['better-auth', '@better-auth/cli'].filter((name) => !sources.frontendDepends(name));
    if (!missing.length) return [];
    const noAuth = !sources.frontendDepends('better-auth');
    return [
      {
        check: this.id,
        severity: this.severity,
        file: path.join(sources.frontendDir, 'package.json'),
        problem: `has no ${missing.join(' and no ')} dependency, but frontend.migration is { kind: 'better-auth' }`,
        why: 'the migration image runs @better-auth/cli from the app\'s own install (its lockfile\'s version); without it the image cannot be built',
        fix: noAuth
          ? "the app does not use Better Auth: set frontend.migration to { kind: 'none' }"
          : 'add it, to dependencies or devDependencies (`npm install -D @better-auth/cli`, `pnpm add -D @better-auth/cli`); it also brings pg, which the migration lock uses',
      },
    ];
  },
};
