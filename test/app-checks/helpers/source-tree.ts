/**
 * Small app source trees written per test: the Phase IV app's shape as the checks accept it, and
 * a scratch directory that each test gets fresh and that is removed after it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Relative path → file contents. */
export type Tree = Record<string, string>;

/** The Phase IV frontend's shape, fixed: pg, Better Auth with its CLI, standalone output. */
export const GOOD_FRONTEND: Tree = {
  'package-lock.json': '{"lockfileVersion": 3}\n',
  'package.json': JSON.stringify({ dependencies: { next: '16.1.6', 'better-auth': '^1.4.18', '@better-auth/cli': '^1.4.18', pg: '^8.16.3' } }),
  'next.config.ts': 'import type { NextConfig } from "next";\nconst nextConfig: NextConfig = {\n  output: "standalone",\n  reactCompiler: true,\n};\nexport default nextConfig;\n',
  'src/lib/auth-server.ts': 'import { betterAuth } from "better-auth";\nimport { Pool } from "pg";\nexport const auth = betterAuth({ database: new Pool({ connectionString: process.env.DATABASE_URL }) });\n',
  'src/app/page.tsx': 'export default function Page() { return <main>{process.env.NEXT_PUBLIC_API_URL}</main>; }\n',
};

/** The Phase IV backend's shape, fixed: uvicorn + FastAPI, psycopg2, SQLAlchemy below 2.1. */
export const GOOD_BACKEND: Tree = {
  'requirements.txt': 'fastapi\nuvicorn[standard]==0.30.0\nsqlmodel\npsycopg2-binary\nSQLAlchemy<2.1\n',
  'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
};

/** Writes the tree under dir (creating folders) and returns dir. */
export function writeTree(dir: string, tree: Tree): string {
  for (const [file, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A fresh scratch directory for each test of the file (removed after each); call at the top level. */
export function scratchDirPerTest(prefix: string): () => string {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  return () => root;
}
