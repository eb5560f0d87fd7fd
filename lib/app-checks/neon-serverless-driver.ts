import { AppCheck } from './types';
import { at } from './sources';

const PACKAGE = '@neondatabase/serverless';
const IMPORT = /(?:from\s*|require\(\s*|import\(\s*)['"]@neondatabase\/serverless['"]/;

/** Neon's driver cannot reach a PostgreSQL in the cluster: it only speaks WebSockets/HTTPS to port 443. */
export const neonServerlessDriver: AppCheck = {
  id: 'neon-serverless-driver',
  severity: 'error',
  summary: `a frontend source imports ${PACKAGE} while the database runs in the cluster`,
  run({ config, sources }) {
    if (config.database.kind !== 'in-cluster' || !sources.frontendDepends(PACKAGE)) return [];
    // Only what the app imports reaches the database: a dependency left in package.json after
    // the switch to pg is harmless.
    const imports = sources.findInFrontend(IMPORT);
    if (!imports.length) return [];
    const file = at(imports[0]);
    return [
      {
        check: this.id,
        severity: this.severity,
        file,
        problem:
          `imports ${PACKAGE} while database.kind is "in-cluster"` +
          (imports.length > 1 ? ` (also ${imports.slice(1).map(at).join(', ')})` : ''),
        why:
          `that driver connects over WebSockets/HTTPS to wss://<host of DATABASE_URL>:443/v2 (Neon's proxy) and never opens port 5432, ` +
          'so it cannot reach the PostgreSQL in the cluster: Better Auth answers 500 on sign-up (connect ECONNREFUSED <postgres IP>:443) ' +
          'and the backend then gets no JWKS',
        fix:
          `import Pool from "pg" instead (\`import { Pool } from "pg"\`, same \`new Pool({ connectionString: process.env.DATABASE_URL })\`) ` +
          `and add pg to package.json (\`npm install pg\`); or keep Neon and set database to { kind: 'external', urlSecretKey: 'DATABASE_URL' }`,
      },
    ];
  },
};
