import { UsageError } from '../images/errors';
import { ALLOW_FLAG } from '../app-checks/run-checks';

/**
 * Takes `--allow-app-check <id>` / `--allow-app-check=<id>` (repeatable) out of the arguments,
 * so the rest can go to the images CLI's own parser unchanged.
 */
export function extractAllowFlags(argv: readonly string[]): { allow: string[]; rest: string[] } {
  const allow: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === ALLOW_FLAG) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${ALLOW_FLAG} needs a check id (npm run check-app -- --list)`);
      allow.push(value);
      i++;
    } else if (arg.startsWith(`${ALLOW_FLAG}=`)) {
      allow.push(arg.slice(ALLOW_FLAG.length + 1));
    } else {
      rest.push(arg);
    }
  }
  return { allow, rest };
}

/** Help text for the flag, appended to the images CLI's usage. */
export const ALLOW_FLAG_USAGE = `App source checks (run first; \`npm run check-app\` runs them alone):
  ${ALLOW_FLAG} <id>      let this check's error pass (repeatable; or appChecks.allow in the configuration)`;
