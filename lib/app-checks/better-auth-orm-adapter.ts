import { frontendMigration } from '../model/settings/frontend-migration';
import { AppCheck } from './types';
import { at } from './sources';

const ORM_ADAPTER = /\b(drizzleAdapter|prismaAdapter|mongodbAdapter)\s*\(|['"]better-auth\/adapters\/(drizzle|prisma|mongodb)['"]|['"]@better-auth\/(drizzle|prisma|mongo)-adapter['"]/;

/** `better-auth migrate` only creates tables through the built-in Kysely adapter (a pg Pool). */
export const betterAuthOrmAdapter: AppCheck = {
  id: 'better-auth-orm-adapter',
  severity: 'error',
  summary: 'the Better Auth migration is on, but the app uses an ORM adapter (Drizzle, Prisma) the CLI cannot migrate',
  run({ config, sources }) {
    if (frontendMigration(config).kind !== 'better-auth') return [];
    const uses = sources.findInFrontend(ORM_ADAPTER);
    if (!uses.length) return [];
    return [
      {
        check: this.id,
        severity: this.severity,
        file: at(uses[0]),
        problem: "gives Better Auth an ORM adapter, while frontend.migration is { kind: 'better-auth' }",
        why: '`better-auth migrate` works only with the built-in Kysely adapter (a pg Pool); with Drizzle or Prisma it creates no tables, so the migration init container fails and the pods stay in Init',
        fix: "create the tables with the ORM's own migrations (drizzle-kit, prisma migrate) and set frontend.migration to { kind: 'none' }, or pass a pg Pool as Better Auth's database",
      },
    ];
  },
};
