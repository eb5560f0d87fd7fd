import * as path from 'path';
import { frontendMigration } from '../model/settings/frontend-migration';
import { AppCheck } from './types';

/**
 * The migration image runs the CLI from the production install (`npm ci` without
 * devDependencies): the app must list it, and better-auth, under `dependencies`.
 */
export const betterAuthCliMissing: AppCheck = {
  id: 'better-auth-cli-missing',
  severity: 'error',
  summary: 'the Better Auth migration is on, but package.json lacks @better-auth/cli (or better-auth) under "dependencies"',
  run({ config, sources }) {
    const pkg = sources.packageJson();
    if (frontendMigration(config).kind !== 'better-auth' || pkg === undefined) return [];
    const missing = ['better-auth', '@better-auth/cli'].filter((name) => !pkg.dependencies?.[name]);
    if (!missing.length) return [];
    const noAuth = !sources.frontendDepends('better-auth');
    const devOnly = missing.filter((name) => pkg.devDependencies?.[name]);
    if (devOnly.length) {
      return [
        {
          check: this.id,
          severity: this.severity,
          file: path.join(sources.frontendDir, 'package.json'),
          problem: `lists ${devOnly.join(' and ')} under "devDependencies" only, but frontend.migration is { kind: 'better-auth' }`,
          why: 'the migration image holds the production install only (no devDependencies, to stay small); without the CLI its build stops',
          fix: `move ${devOnly.join(' and ')} to "dependencies": \`npm install ${devOnly.join(' ')}\``,
        },
      ];
    }
    return [
      {
        check: this.id,
        severity: this.severity,
        file: path.join(sources.frontendDir, 'package.json'),
        problem: `has no ${missing.join(' and no ')} dependency, but frontend.migration is { kind: 'better-auth' }`,
        why: 'the migration image runs @better-auth/cli from the production node_modules `npm ci` installs; without it the image cannot be built',
        fix: noAuth
          ? "the app does not use Better Auth: set frontend.migration to { kind: 'none' }"
          : 'add it: `npm install @better-auth/cli` (it also brings pg, which the migration lock uses)',
      },
    ];
  },
};
