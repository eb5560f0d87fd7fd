import * as path from 'path';
import { databaseUrlScheme } from '../model/settings/frontend-migration';
import { PythonRequirements } from './python-requirements';
import { AppCheck, AppFinding } from './types';

/** The PyPI distributions of each driver SQLAlchemy names after the `+` of a URL scheme. */
const DRIVER_PACKAGES: Record<string, readonly string[]> = {
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'],
  asyncpg: ['asyncpg'],
  pg8000: ['pg8000'],
};
const SYNC_DRIVERS = ['psycopg2', 'psycopg', 'pg8000'];

/** SQLAlchemy 2.1 made psycopg (3) the driver of a bare `postgresql://`; 2.0 loads psycopg2. */
const SQLALCHEMY_PSYCOPG3_DEFAULT = '2.1';
/** The first sqlmodel that allows SQLAlchemy 2.1 (0.0.47 and before require SQLAlchemy<2.1.0). */
const SQLMODEL_ALLOWING_SQLALCHEMY_2_1 = '0.0.48';

/**
 * SQLAlchemy picks the driver from DATABASE_URL's scheme: `postgresql+asyncpg://` asyncpg, and a
 * bare `postgresql://` psycopg2 up to SQLAlchemy 2.0 but psycopg 3 from 2.1. The scheme
 * (backend.databaseUrlScheme) must name a driver requirements.txt installs, for the SQLAlchemy
 * pip will install: the newest that requirements.txt (or sqlmodel's own range) allows.
 */
export const databaseUrlSchemeCheck: AppCheck = {
  id: 'backend-database-driver',
  severity: 'error',
  summary: "the backend's database driver does not match backend.databaseUrlScheme and the SQLAlchemy pip installs (e.g. psycopg2 with SQLAlchemy 2.1's postgresql://)",
  run({ config, shape }) {
    const requirements = shape.backend.dependencies;
    if (!requirements || !shape.backend.dependencyFile) return [];
    const manifestName = path.basename(shape.backend.dependencyFile);
    const scheme = databaseUrlScheme(config, 'backend');
    const finding = (problem: string, why: string, fix: string): AppFinding[] => [
      { check: this.id, severity: this.severity, file: shape.backend.dependencyFile!, problem, why, fix: fix.replace(/requirements\.txt/g, manifestName) },
    ];
    const lists = (driver: string) => DRIVER_PACKAGES[driver].some((name) => requirements.has(name));
    const listedSync = SYNC_DRIVERS.filter(lists);

    const named = /^postgres(?:ql)?\+(.+)$/.exec(scheme)?.[1];
    if (named !== undefined) {
      if (!DRIVER_PACKAGES[named] || lists(named)) return [];
      const other = [...listedSync, ...(lists('asyncpg') ? ['asyncpg'] : [])][0];
      return finding(
        `does not list ${DRIVER_PACKAGES[named].join(' or ')}, while backend.databaseUrlScheme is "${scheme}"`,
        `SQLAlchemy cannot load the driver the URL names (No module named '${named}'), so the backend crash-loops`,
        `add ${DRIVER_PACKAGES[named][DRIVER_PACKAGES[named].length - 1]} to requirements.txt${other ? `, or set backend.databaseUrlScheme to 'postgresql+${other}' (the driver it lists)` : ''}`,
      );
    }
    if (scheme !== 'postgresql' && scheme !== 'postgres') return [];

    if (lists('asyncpg') && listedSync.length === 0) {
      return finding(
        `lists only the async driver asyncpg, while backend.databaseUrlScheme is "${scheme}" (DATABASE_URL=${scheme}://...)`,
        "SQLAlchemy loads a sync driver for a bare postgresql:// (psycopg2 up to 2.0, psycopg from 2.1: No module named '...'), and create_async_engine refuses a sync driver, so the backend crash-loops",
        "set backend.databaseUrlScheme to 'postgresql+asyncpg' (the manifests then build DATABASE_URL=postgresql+asyncpg://...)",
      );
    }
    // Which SQLAlchemy pip installs is only known when the file names it (or sqlmodel, which pulls it).
    if (listedSync.length === 0 || !(requirements.has('sqlalchemy') || requirements.has('sqlmodel'))) return [];
    const below21 = keepsSqlalchemyBelow21(requirements);
    const loaded = below21 ? 'psycopg2' : 'psycopg';
    if (lists(loaded)) return [];
    if (!below21) {
      return finding(
        `lists ${listedSync.join(' and ')} but not psycopg, and nothing in it keeps SQLAlchemy below ${SQLALCHEMY_PSYCOPG3_DEFAULT} (sqlmodel ${SQLMODEL_ALLOWING_SQLALCHEMY_2_1} and later allow it), while backend.databaseUrlScheme is "${scheme}" (DATABASE_URL=${scheme}://...)`,
        `pip installs SQLAlchemy ${SQLALCHEMY_PSYCOPG3_DEFAULT} or later, which loads psycopg (version 3) for a bare ${scheme}:// where 2.0 loaded psycopg2: the backend stops at start-up with "No module named 'psycopg'" and crash-loops`,
        [
          ...(lists('psycopg2') ? [`pin \`SQLAlchemy<${SQLALCHEMY_PSYCOPG3_DEFAULT}\` in requirements.txt (the SQLAlchemy the app was written for)`] : []),
          `set backend.databaseUrlScheme to 'postgresql+${listedSync[0]}' (names the driver for every SQLAlchemy)`,
          'add `psycopg[binary]`',
        ].join(', or '),
      );
    }
    return finding(
      `keeps SQLAlchemy below ${SQLALCHEMY_PSYCOPG3_DEFAULT} and lists ${listedSync.join(', ')} but not psycopg2, while backend.databaseUrlScheme is "${scheme}" (DATABASE_URL=${scheme}://...)`,
      `SQLAlchemy 2.0 loads psycopg2 for a bare ${scheme}://: the backend stops at start-up with "No module named 'psycopg2'" and crash-loops`,
      `set backend.databaseUrlScheme to 'postgresql+${listedSync[0]}' (the driver it lists), or add psycopg2-binary to requirements.txt`,
    );
  },
};

/** Whether requirements.txt keeps SQLAlchemy below 2.1, itself or through an older sqlmodel. */
function keepsSqlalchemyBelow21(requirements: PythonRequirements): boolean {
  return requirements.capsBelow('sqlalchemy', SQLALCHEMY_PSYCOPG3_DEFAULT) || requirements.capsBelow('sqlmodel', SQLMODEL_ALLOWING_SQLALCHEMY_2_1);
}
