import * as path from 'path';
import { frontendMigration } from '../model/settings/frontend-migration';
import { AppCheck } from './types';

/** A fresh in-cluster database has none of Better Auth's tables; nobody creates them when the migration is off. */
export const betterAuthWithoutMigration: AppCheck = {
  id: 'better-auth-without-migration',
  severity: 'error',
  summary: 'the frontend uses Better Auth, the database is in the cluster, and frontend.migration is off',
  run({ config, sources }) {
    if (config.database.kind !== 'in-cluster' || !sources.frontendDepends('better-auth')) return [];
    if (frontendMigration(config).kind !== 'none') return [];
    return [
      {
        check: this.id,
        severity: this.severity,
        file: path.join(sources.frontendDir, 'package.json'),
        problem: `depends on better-auth, while frontend.migration is { kind: 'none' } and the database is in the cluster`,
        why: 'a fresh PostgreSQL has none of Better Auth\'s tables (user, session, account, verification, jwks), so sign-up answers 500',
        fix:
          "set frontend.migration to { kind: 'better-auth', authConfigPath: '<your auth config>' } (the default): an init container " +
          'runs `@better-auth/cli migrate` before the app starts; allow this check only if the app creates the tables itself',
      },
    ];
  },
};
