/**
 * The validator's state after start-up, saved once per build and restored into each new
 * instance (by its thread: worker-source.ts, whose file format reader is this one's twin). Starting the server inside the validator (Go's package initialization, the
 * registry's storages, the request handlers) takes seconds of WebAssembly; copying its memory
 * back takes milliseconds. The Go program is a WASI reactor: `_initialize`, then
 * `validator_setup`, are run once here; later instances get that memory and those globals and
 * call `validator_run` directly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GLOBAL_EXPORT_PREFIX } from './wasm-globals';

const PAGE = 65536;
const MAGIC = 'todo-k8s validator snapshot 2\n';

/**
 * A saved instance: the pages of its memory that differ from a fresh instance's (whose data
 * segments fill the first 80 MB with the Go program's static data, unchanged by start-up), and
 * the values of its globals.
 */
export interface Snapshot {
  /** The module the snapshot is of (moduleIdentity). */
  readonly module: string;
  /** Memory size in 64 KiB pages. */
  readonly pages: number;
  /** Global values in index order (i64 as decimal strings). */
  readonly globals: readonly string[];
  /** Runs of changed pages: [first page, page count], their bytes concatenated in `data`. */
  readonly runs: readonly (readonly [number, number])[];
  readonly data: Buffer;
  /** Runs of pages a fresh instance has non-zero and the snapshot zero. */
  readonly zeroed: readonly (readonly [number, number])[];
  /**
   * The monotonic clock when it was taken (ns): the Go runtime's timers count from it, so a
   * snapshot from before a reboot (when the clock restarted lower) is not reused.
   */
  readonly monotonic: string;
}

/** What an instance exposes of itself to be saved or restored. */
export interface InstanceState {
  readonly memory: { buffer: ArrayBuffer; grow(pages: number): number };
  readonly globals: readonly { value: number | bigint }[];
}

/**
 * The instance's state now, against `fresh`, a copy of its memory as instantiated (before
 * anything ran).
 */
export function capture(state: InstanceState, fresh: Uint8Array, module: string): Snapshot {
  const memory = new Uint8Array(state.memory.buffer);
  const pages = memory.length / PAGE;
  const runs: [number, number][] = [];
  const zeroed: [number, number][] = [];
  const chunks: Buffer[] = [];
  const extend = (list: [number, number][], page: number) => {
    const last = list[list.length - 1];
    if (last && last[0] + last[1] === page) last[1]++;
    else list.push([page, 1]);
  };
  for (let page = 0; page < pages; page++) {
    const now = memory.subarray(page * PAGE, (page + 1) * PAGE);
    const before = page * PAGE < fresh.length ? fresh.subarray(page * PAGE, (page + 1) * PAGE) : undefined;
    if (before ? Buffer.compare(now, before) === 0 : isZero(memory, page)) continue;
    if (before && isZero(memory, page)) {
      extend(zeroed, page);
      continue;
    }
    extend(runs, page);
    chunks.push(Buffer.from(now));
  }
  return { module, pages, globals: state.globals.map((g) => String(g.value)), runs, zeroed, data: Buffer.concat(chunks), monotonic: String(process.hrtime.bigint()) };
}

/** Whether a snapshot can be restored into an instance of this module, on this machine, now. */
export function usable(snapshot: Omit<Snapshot, 'data'> | undefined, module: string): boolean {
  return !!snapshot && snapshot.module === module && BigInt(snapshot.monotonic) <= process.hrtime.bigint();
}

/** What names a module file for its snapshot: its size and modification time. */
export function moduleIdentity(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.size}:${stat.mtimeMs}`;
}

/** A snapshot file: a header line, a JSON line, then the pages; written whole or not at all. */
export function writeSnapshot(file: string, snapshot: Snapshot): void {
  const { data, ...header } = snapshot;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, `${MAGIC}${JSON.stringify(header)}\n`);
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * The header of a snapshot file (without its pages), or undefined when there is none or it is
 * not one. The validator's thread reads the pages (worker-source.ts, which restores them).
 */
export function readSnapshotHeader(file: string): Omit<Snapshot, 'data'> | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(1 << 20);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, MAGIC.length).toString() !== MAGIC) return undefined;
    const end = head.indexOf(10, MAGIC.length);
    if (end < 0 || end >= read) return undefined;
    const header = JSON.parse(head.subarray(MAGIC.length, end).toString()) as Omit<Snapshot, 'data'>;
    const pages = header.runs.reduce((n, [, count]) => n + count, 0);
    return fs.fstatSync(fd).size === end + 1 + pages * PAGE ? header : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The globals of an instance whose module went through exportGlobals. */
export function exportedGlobals(exports: Record<string, unknown>, count: number): { value: number | bigint }[] {
  return Array.from({ length: count }, (_, i) => exports[`${GLOBAL_EXPORT_PREFIX}${i}`] as { value: number | bigint });
}

function isZero(memory: Uint8Array, page: number): boolean {
  const words = new BigUint64Array(memory.buffer, memory.byteOffset + page * PAGE, PAGE / 8);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0n) return false;
  return true;
}
