import { resolveSourceDirs } from '../app-checks/shape-detect';
import { ComponentName } from '../model/contract/image-contract';
import { TodoConfig } from '../model/settings/types';
import { ParsedArgs, stringValue } from './args';
import { CommandContext } from './project';

/** Environment variables naming each component's sources when no flag does. */
export const SOURCE_DIR_ENV: Readonly<Record<ComponentName, string>> = { backend: 'TODO_BACKEND_DIR', frontend: 'TODO_FRONTEND_DIR' };

/** `--backend-dir` and `--frontend-dir`, as deploy, images and check-app take them. */
export const SOURCE_DIR_OPTIONS = {
  'backend-dir': { type: 'string', placeholder: 'DIR', help: 'the backend sources (default backend.sourceDir, else ../backend; env TODO_BACKEND_DIR)' },
  'frontend-dir': { type: 'string', placeholder: 'DIR', help: 'the frontend sources (default frontend.sourceDir, else ../frontend; env TODO_FRONTEND_DIR)' },
} as const;

/** The source-directory flags as typed (the settings' sourceDir applies without them). */
export function sourceDirFlags(args: ParsedArgs): { backend?: string; frontend?: string } {
  return { backend: stringValue(args, 'backend-dir'), frontend: stringValue(args, 'frontend-dir') };
}

/**
 * Where each component's sources are: the flag, else env TODO_<C>_DIR (both relative to where
 * the user typed the command), else the settings' `sourceDir`, else ../<component> beside the project.
 */
export function sourceDirsFor(ctx: CommandContext, args: ParsedArgs, config: TodoConfig): Record<ComponentName, string> {
  return resolveSourceDirs(config, ctx.root, sourceDirFlags(args), { ...ctx.env, INIT_CWD: ctx.cwd });
}
