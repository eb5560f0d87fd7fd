import * as path from 'path';
import { databaseUrlScheme } from '../contract/frontend-migration';
import { AppCheck, AppFinding } from './types';

const ASYNC_DRIVERS = ['asyncpg'];
const SYNC_DRIVERS = ['psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pg8000'];

/**
 * SQLAlchemy picks the driver from DATABASE_URL's scheme: `postgresql://` loads psycopg2,
 * `postgresql+asyncpg://` asyncpg. The scheme (backend.databaseUrlScheme) must name a driver
 * requirements.txt installs.
 */
export const databaseUrlSchemeCheck: AppCheck = {
  id: 'backend-database-driver',
  severity: 'error',
  summary: "the backend's database driver does not match backend.databaseUrlScheme (e.g. only asyncpg with postgresql://)",
  run({ config, sources }) {
    const requirements = sources.backendRequirements();
    if (!requirements) return [];
    const scheme = databaseUrlScheme(config, 'backend');
    const file = path.join(sources.backendDir, 'requirements.txt');
    const hasAsync = ASYNC_DRIVERS.some((d) => requirements.has(d));
    const hasSync = SYNC_DRIVERS.some((d) => requirements.has(d));
    const finding = (problem: string, why: string, fix: string): AppFinding[] => [{ check: this.id, severity: this.severity, file, problem, why, fix }];
    if (scheme === 'postgresql' && hasAsync && !hasSync) {
      return finding(
        `lists only the async driver asyncpg, while backend.databaseUrlScheme is "postgresql" (DATABASE_URL=postgresql://...)`,
        'SQLAlchemy loads psycopg2 for postgresql:// (ModuleNotFoundError: No module named \'psycopg2\'), and create_async_engine refuses a sync driver, so the backend crash-loops',
        "set backend.databaseUrlScheme to 'postgresql+asyncpg' (the manifests then build DATABASE_URL=postgresql+asyncpg://...)",
      );
    }
    if (scheme === 'postgresql+asyncpg' && !hasAsync) {
      return finding(
        'does not list asyncpg, while backend.databaseUrlScheme is "postgresql+asyncpg"',
        "SQLAlchemy cannot load the driver the URL names (No module named 'asyncpg'), so the backend crash-loops",
        "add asyncpg to requirements.txt, or set backend.databaseUrlScheme to 'postgresql' for a psycopg2 app",
      );
    }
    return [];
  },
};
