import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CONTRACT_VERSION } from '../model/contract/image-contract';
import { ContextEntry } from './context-scan';

/** Everything an image is built from; equal inputs give an equal tag. */
export interface BuildInputs {
  readonly contextDir: string;
  /** The filtered context (./context-scan.ts): paths, types and modes; contents are read here. */
  readonly entries: readonly ContextEntry[];
  readonly dockerfileText: string;
  readonly buildArgs: Readonly<Record<string, string>>;
}

/** Files up to this size are read whole (one call instead of a stream per small source file). */
const READ_WHOLE_BYTES = 8 << 20;
/** Files hashed at once: enough to keep the disk busy, few enough for the open-file limit. */
const HASH_CONCURRENCY = 16;

async function sha256OfFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size <= READ_WHOLE_BYTES) return hash.update(await fs.promises.readFile(file)).digest('hex');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What an entry's record carries besides path, type and mode: a file's digest, a symlink's target. */
function entryContent(contextDir: string, entry: ContextEntry): Promise<string> {
  const full = path.join(contextDir, entry.path);
  if (entry.type === 'file') return sha256OfFile(full, entry.size);
  if (entry.type === 'symlink') return fs.promises.readlink(full);
  return Promise.resolve('');
}

/** `entryContent` of every entry, in order, HASH_CONCURRENCY at a time. */
async function entryContents(contextDir: string, entries: readonly ContextEntry[]): Promise<string[]> {
  const contents: string[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      contents[i] = await entryContent(contextDir, entries[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, entries.length) }, worker));
  return contents;
}

/**
 * sha256 over the filtered context (path, type, mode and content of every entry), the
 * Dockerfile, the build arguments and CONTRACT_VERSION. Each record is one JSON line, so no
 * two different inputs serialise alike. Timestamps and owners are left out: Docker's layer
 * cache ignores them too, so a fresh checkout keeps its tag.
 */
export async function hashBuildInputs(inputs: BuildInputs): Promise<string> {
  const hash = createHash('sha256');
  const record = (...fields: (string | number)[]) => hash.update(JSON.stringify(fields) + '\n');

  record('contract', CONTRACT_VERSION);
  record('dockerfile', createHash('sha256').update(inputs.dockerfileText).digest('hex'));
  for (const name of Object.keys(inputs.buildArgs).sort()) record('build-arg', name, inputs.buildArgs[name]);
  const contents = await entryContents(inputs.contextDir, inputs.entries);
  inputs.entries.forEach((entry, i) => record(entry.type, entry.path, entry.mode.toString(8), contents[i]));
  return hash.digest('hex');
}

/**
 * The hash an image's tag is cut from: the engine-free inputs (hashBuildInputs) plus the image
 * ID of every base image, so a base image updated under the same name gives a new tag.
 */
export function withBaseImages(inputHash: string, baseImageIds: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256').update(JSON.stringify(['inputs', inputHash]) + '\n');
  for (const reference of Object.keys(baseImageIds).sort()) {
    hash.update(JSON.stringify(['base-image', reference, baseImageIds[reference]]) + '\n');
  }
  return hash.digest('hex');
}

/** The image tag for an input hash: `sha-` and its first 12 hex digits. */
export function tagForInputs(inputHash: string): string {
  return `sha-${inputHash.slice(0, 12)}`;
}
