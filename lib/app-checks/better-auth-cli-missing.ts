import * as path from 'path';
import { frontendMigration } from '../contract/frontend-migration';
import { AppCheck } from './types';

/** The migration image runs the CLI from the builder's node_modules: the app must depend on it. */
export const betterAuthCliMissing: AppCheck = {
  id: 'better-auth-cli-missing',
  severity: 'error',
  summary: 'the Better Auth migration is on, but package.json lacks @better-auth/cli (or better-auth)',
  run({ config, sources }) {
    if (frontendMigration(config).kind !== 'better-auth' || sources.packageJson() === undefined) return [];
    const missing = ['better-auth', '@better-auth/cli'].filter((name) => !sources.frontendDepends(name));
    if (!missing.length) return [];
    const noAuth = missing.includes('better-auth');
    return [
      {
        check: this.id,
        severity: this.severity,
        file: path.join(sources.frontendDir, 'package.json'),
        problem: `has no ${missing.join(' and no ')} dependency, but frontend.migration is { kind: 'better-auth' }`,
        why: 'the migration image runs @better-auth/cli from the node_modules `npm ci` installs; without it the init container exits 1 and the pods stay in Init',
        fix: noAuth
          ? "the app does not use Better Auth: set frontend.migration to { kind: 'none' }"
          : 'add it: `npm install @better-auth/cli` (it also brings pg, which the migration lock uses)',
      },
    ];
  },
};
