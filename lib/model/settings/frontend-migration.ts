import { FrontendMigrationSettings, TodoConfig } from './types';
import { DEFAULT_DATABASE_URL_SCHEME } from '../contract/database-url';

/** Where the Phase IV app keeps its Better Auth config (not a path the CLI searches by default). */
export const DEFAULT_AUTH_CONFIG_PATH = 'src/lib/auth-server.ts';

/** What a Better Auth config path may be: relative to /app, no `..`, a file the CLI can load. */
export function isAuthConfigPath(path: unknown): path is string {
  return typeof path === 'string' && /^[^/\s][^\s]*\.(ts|js|mts|mjs|cts|cjs)$/.test(path) && !path.split('/').includes('..');
}

/** The `allowed` text of an authConfigPath error. */
export const AUTH_CONFIG_PATH_ALLOWED = 'a path relative to /app of the Better Auth config file (.ts, .js, .mts, .mjs, .cts or .cjs), such as "src/lib/auth-server.ts"';

/** How the frontend's database schema is created before the app starts. */
export type FrontendMigrationSetting =
  | { readonly kind: 'better-auth'; readonly authConfigPath: string }
  | { readonly kind: 'none' };

/**
 * `config.frontend.migration` with its default (Better Auth, `src/lib/auth-server.ts`) filled in.
 * Read defensively: a configuration without the field migrates, as the default profile does.
 */
export function frontendMigration(config: TodoConfig): FrontendMigrationSetting {
  return resolveFrontendMigration((config.frontend as { migration?: FrontendMigrationSettings } | undefined)?.migration);
}

/** A migration setting (or prop) with its default filled in: the one place the default lives. */
export function resolveFrontendMigration(setting: FrontendMigrationSettings | undefined): FrontendMigrationSetting {
  if (setting?.kind === 'none') return { kind: 'none' };
  const authConfigPath = (setting as { authConfigPath?: unknown } | undefined)?.authConfigPath;
  return { kind: 'better-auth', authConfigPath: typeof authConfigPath === 'string' && authConfigPath ? authConfigPath : DEFAULT_AUTH_CONFIG_PATH };
}

/** Whether the configuration runs the component's migration image (the frontend's, unless turned off). */
export function runsMigrationImage(component: string, config: TodoConfig): boolean {
  return component === 'frontend' && frontendMigration(config).kind !== 'none';
}

/** `config.backend.databaseUrlScheme` / `config.frontend.databaseUrlScheme`, default DEFAULT_DATABASE_URL_SCHEME. */
export function databaseUrlScheme(config: TodoConfig, workload: 'backend' | 'frontend'): string {
  const scheme = (config[workload] as { databaseUrlScheme?: unknown } | undefined)?.databaseUrlScheme;
  return typeof scheme === 'string' && scheme ? scheme : DEFAULT_DATABASE_URL_SCHEME;
}
