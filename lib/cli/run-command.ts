import { AppCheckError, AppSourceError, UnknownAppCheckError } from '../app-checks';
import { ConfigError } from '../model/settings/validate';
import { ImageBuildError, ImageBuildsFailedError, MissingInputError } from '../images/errors';
import { SOURCE_DIR_ENV } from './images-options';
import { LockFileError } from '../images/lock';
import { DotenvError } from '../secrets/dotenv';
import { EnvFileError } from '../secrets/env-file';
import { isExplainedError } from '../pipeline/report';
import { DeployCliOptions, DeployCommand, DeployUsageError, deployUsage, parseDeployArgs } from './deploy-options';
import { DeployRefusal } from '../deploy/deploy-refusal';
import { KubectlError, KubectlUnusableError } from '../deploy/kubectl';

/** Errors whose message says what is wrong and where: printed without a stack. */
const EXPECTED = [DeployRefusal, KubectlError, KubectlUnusableError, EnvFileError, DotenvError, ConfigError, LockFileError, ImageBuildError, AppCheckError, UnknownAppCheckError, AppSourceError];

/** One failure as a person reads it: the message for expected ones, each build's for several builds. */
function explain(err: unknown): string {
  if (err instanceof ImageBuildsFailedError) return err.errors.map(explain).join('\n\n');
  if (err instanceof MissingInputError && err.what === 'build context directory') {
    return `${err.message}\nPoint at the ${err.image} sources with --${err.image}-dir DIR or ${SOURCE_DIR_ENV[err.image as keyof typeof SOURCE_DIR_ENV]}=DIR.`;
  }
  if (EXPECTED.some((E) => err instanceof E) || isExplainedError(err) || (err as Error)?.name === 'TargetError') return (err as Error).message;
  return err instanceof Error ? err.stack ?? err.message : String(err);
}

/**
 * Parses the command line and runs one of deploy, status, down: usage errors exit 2, expected
 * failures print their message (which names the field, file or object) and exit 1, with no stack.
 */
export async function runCli(command: DeployCommand, argv: readonly string[], run: (options: DeployCliOptions) => Promise<number>): Promise<number> {
  let options: DeployCliOptions;
  try {
    options = parseDeployArgs(command, argv);
  } catch (err) {
    if (err instanceof DeployUsageError || err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (options.help) {
    console.log(deployUsage(command));
    return 0;
  }
  try {
    return await run(options);
  } catch (err) {
    console.error(`\nnpm run ${command} failed:\n${explain(err)}`);
    return 1;
  }
}
