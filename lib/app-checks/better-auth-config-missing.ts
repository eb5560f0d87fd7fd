import * as fs from 'fs';
import * as path from 'path';
import { frontendMigration } from '../model/settings/frontend-migration';
import { AppCheck } from './types';

/**
 * The migration runs `@better-auth/cli migrate --config <config>`: the setting's path, else the
 * contract's default path, else the one file calling betterAuth(. A wrong path fails every pod in Init.
 */
export const betterAuthConfigMissing: AppCheck = {
  id: 'better-auth-config-missing',
  severity: 'error',
  summary: "the Better Auth config cannot be found: frontend.migration.authConfigPath names no file, or no single betterAuth( call tells it",
  run({ config, sources, shape }) {
    const migration = frontendMigration(config);
    // Without better-auth at all, better-auth-cli-missing says what to do.
    if (migration.kind !== 'better-auth' || !sources.frontendDepends('better-auth')) return [];
    const ambiguous = shape.frontend.problems.filter((p) => p.field === 'frontend.migration.authConfigPath');
    const why = 'the migration init container runs `@better-auth/cli migrate --config <that path>` and exits 1, so every frontend pod stays in Init';
    if (ambiguous.length) return ambiguous.map((p) => ({ check: this.id, severity: this.severity, file: p.file, problem: p.problem, why, fix: p.fix }));
    const configured = shape.frontend.authConfigPath;
    if (configured !== undefined && fs.existsSync(path.join(sources.frontendDir, configured))) return [];
    const candidates = sources.findInFrontend(/\bbetterAuth\s*\(/).map((m) => path.relative(sources.frontendDir, m.file));
    const suggestion = candidates.length
      ? `set frontend.migration.authConfigPath to ${JSON.stringify(candidates[0])} (it calls betterAuth()`
      : 'set frontend.migration.authConfigPath to the file that calls betterAuth(...), relative to the frontend directory';
    return [
      {
        check: this.id,
        severity: this.severity,
        file: configured !== undefined ? path.join(sources.frontendDir, configured) : sources.frontendDir,
        problem: configured !== undefined
          ? `frontend.migration.authConfigPath is ${JSON.stringify(configured)}, which does not exist`
          : 'has no Better Auth config: no file of the sources calls betterAuth( (outside app/ routes and tests)',
        why,
        fix: `${suggestion}; or set frontend.migration to { kind: 'none' } if the app creates its tables itself`,
      },
    ];
  },
};
