import * as path from 'path';
import { ComponentName } from '../model/contract/image-contract';
import { ParsedArgs, stringValue } from './args';
import { CommandContext } from './project';

/** Environment variables naming each component's sources when no flag does. */
export const SOURCE_DIR_ENV: Readonly<Record<ComponentName, string>> = { backend: 'TODO_BACKEND_DIR', frontend: 'TODO_FRONTEND_DIR' };

/** `--backend-dir` and `--frontend-dir`, as deploy, images and check-app take them. */
export const SOURCE_DIR_OPTIONS = {
  'backend-dir': { type: 'string', placeholder: 'DIR', help: 'the backend sources (default ../backend; env TODO_BACKEND_DIR)' },
  'frontend-dir': { type: 'string', placeholder: 'DIR', help: 'the frontend sources (default ../frontend; env TODO_FRONTEND_DIR)' },
} as const;

/** Where each component's sources are: the flag, else env TODO_<C>_DIR (relative to where the user typed), else ../<component> beside the project. */
export function sourceDirsFor(ctx: CommandContext, args: ParsedArgs): Record<ComponentName, string> {
  const dir = (c: ComponentName) => {
    const given = stringValue(args, `${c}-dir`) || ctx.env[SOURCE_DIR_ENV[c]];
    return given ? path.resolve(ctx.cwd, given) : path.resolve(ctx.root, '..', c);
  };
  return { backend: dir('backend'), frontend: dir('frontend') };
}
