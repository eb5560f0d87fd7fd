import * as fs from 'fs';
import { ExplainedError } from './explained-error';

/**
 * Reads a file a user named (a values file, a lock, a .env, an app source) without hanging or
 * filling memory: the path is opened non-blocking (a FIFO with no writer would block open(2)),
 * the open descriptor is checked to be a regular file (a FIFO, socket or device such as
 * /dev/zero, also behind a symlink, is refused), and at most `maxBytes` are read.
 */

/** Why a file was not read: an errno code (`ENOENT`, `EISDIR`, `EACCES`...), or one of these two. */
export type InputFileProblem = 'NOT_REGULAR' | 'TOO_LARGE' | string;

/** A refused or failed read; `message` names the path and says what it is, never its content. */
export class InputFileError extends ExplainedError {
  constructor(
    readonly file: string,
    readonly problem: InputFileProblem,
    /** The words for it, e.g. `is a FIFO (named pipe), not a regular file`. */
    readonly description: string,
  ) {
    super(`${file} ${description}`);
    this.name = 'InputFileError';
  }
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (permission denied)',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'does not exist (a parent is not a directory)',
  ELOOP: 'is a symbolic link loop',
};

/** What a non-regular file is, for messages. */
export function fileTypeWords(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** `1 MiB`, `64 KiB`: caps as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}

/** The bytes of a regular file of at most `maxBytes`; throws InputFileError otherwise. */
export function readInputFile(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new InputFileError(file, code, ERRNO_WORDS[code] ?? `cannot be read (${code})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputFileError(file, 'EISDIR', ERRNO_WORDS.EISDIR);
    if (!stat.isFile()) throw new InputFileError(file, 'NOT_REGULAR', `is ${fileTypeWords(stat)}, not a regular file`);
    const tooLarge = () => new InputFileError(file, 'TOO_LARGE', `is larger than ${formatBytes(maxBytes)}, the most read from such a file`);
    if (stat.size > maxBytes) throw tooLarge();
    // Read to the end rather than trusting st_size (a file may grow, or be a procfs file of size 0).
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let n; length <= maxBytes && (n = fs.readSync(fd, buffer, length, maxBytes + 1 - length, null)) > 0; ) length += n;
    if (length > maxBytes) throw tooLarge();
    return buffer.subarray(0, length);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new InputFileError(file, code, ERRNO_WORDS[code] ?? `cannot be read (${code})`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Why `file` cannot be read by readInputFile, or undefined when it can; reads nothing. */
export function inputFileProblem(file: string): InputFileError | undefined {
  try {
    readInputFile(file, 0);
    return undefined;
  } catch (err) {
    if (err instanceof InputFileError && err.problem !== 'TOO_LARGE') return err;
    if (err instanceof InputFileError) return undefined;
    throw err;
  }
}
