import * as fs from 'fs';
import * as path from 'path';
import { frontendMigration } from '../model/settings/frontend-migration';
import { AppCheck } from './types';
import { at } from './sources';

/** The migration runs `@better-auth/cli migrate --config <authConfigPath>`; a wrong path fails every pod in Init. */
export const betterAuthConfigMissing: AppCheck = {
  id: 'better-auth-config-missing',
  severity: 'error',
  summary: "frontend.migration.authConfigPath names no file in the frontend's sources",
  run({ config, sources }) {
    const migration = frontendMigration(config);
    // Without better-auth at all, better-auth-cli-missing says what to do.
    if (migration.kind !== 'better-auth' || !sources.frontendDepends('better-auth')) return [];
    const file = path.join(sources.frontendDir, migration.authConfigPath);
    if (fs.existsSync(file)) return [];
    const candidates = sources.findInFrontend(/\bbetterAuth\s*\(/).filter((m) => !/[\\/]app[\\/]/.test(path.relative(sources.frontendDir, m.file)));
    const suggestion = candidates.length
      ? `set frontend.migration.authConfigPath to ${JSON.stringify(path.relative(sources.frontendDir, candidates[0].file))} (betterAuth( is called at ${at(candidates[0])})`
      : 'set frontend.migration.authConfigPath to the file that calls betterAuth(...), relative to the frontend directory';
    return [
      {
        check: this.id,
        severity: this.severity,
        file,
        problem: `frontend.migration.authConfigPath is ${JSON.stringify(migration.authConfigPath)}, which does not exist`,
        why: 'the migration init container runs `@better-auth/cli migrate --config <that path>` and exits 1, so every frontend pod stays in Init',
        fix: `${suggestion}; or set frontend.migration to { kind: 'none' } if the app creates its tables itself`,
      },
    ];
  },
};
