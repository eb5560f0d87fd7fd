import * as fs from 'fs';
import * as path from 'path';

/** The temporary sibling a secret file is written to first; git must ignore it as well as the file. */
export function temporaryPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/**
 * Writes a secret file atomically, mode 0600 from the first byte: readers see the old file or
 * the new one, never half of it. The temporary file is created exclusively, so an existing file
 * or symlink at its name is never written through.
 */
export function writeSecretFile(file: string, data: string): void {
  const tmp = temporaryPathFor(file);
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(tmp, { force: true });
    throw err;
  }
}
