import { DotenvEntry, parseDotenvEntries } from './dotenv';
import { InputFileError, readInputFile } from '../util/read-input-file';
import { ExplainedError } from '../util/explained-error';

/** The largest .env read: kubectl refuses a line of 64 KiB and more, so a .env is never near it. */
const MAX_ENV_FILE_BYTES = 1 << 20;

/** A .env that cannot be read: the message names the file and what is wrong, never its content. */
export class EnvFileError extends ExplainedError {
  constructor(message: string) {
    super(message);
    this.name = 'EnvFileError';
  }
}

/**
 * The entries of a .env file, parsed as kubectl's --from-env-file does (lib/secrets/dotenv.ts).
 * `option` is the flag that names another file, for the messages.
 */
export function readEnvFile(envFile: string, option = '--env-file'): DotenvEntry[] {
  let bytes: Buffer;
  try {
    bytes = readInputFile(envFile, MAX_ENV_FILE_BYTES);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    if (err.problem === 'ENOENT') {
      throw new EnvFileError(`${envFile}: file not found. Create it with the keys BETTER_AUTH_SECRET, OPENAI_API_KEY and the database credential, or pass ${option} PATH.`);
    }
    if (err.problem === 'EISDIR') throw new EnvFileError(`${envFile}: is a directory; ${option} takes a .env file.`);
    throw new EnvFileError(`${envFile}: ${err.description}; ${option} takes a .env file.`);
  }
  return parseDotenvEntries(bytes, envFile);
}
