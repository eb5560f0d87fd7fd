/**
 * Runs the validator (a WASI reactor built from k8s.io/kubernetes) in this process. Its own
 * thread (worker-source.ts) compiles the module with V8's baseline compiler, restores the
 * snapshot of the started server (snapshot.ts) and warms it up; `validateObjects` hands it the
 * objects and waits for the answer, so the API is synchronous. Started early
 * (`startValidator`), that preparation runs on the second core while synth builds the chart.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { WASI as WasiClass } from 'wasi';
import { ExplainedError } from '../../util/explained-error';
import { ValidatorHandle } from './locate';
import { capture, exportedGlobals, moduleIdentity, readSnapshotHeader, Snapshot, usable, writeSnapshot } from './snapshot';
import { ObjectValidation, PodSecurityLevel, ValidatorInput, ValidatorOutput } from './types';
import { exportGlobals, GLOBAL_EXPORT_PREFIX } from './wasm-globals';
import { DONE, REQUEST, WORKER_SOURCE } from './worker-source';

/** How the objects are judged. */
export interface ValidateOptions {
  /**
   * The Pod Security level of a namespace that is not among the objects.
   * @default - none: privileged, as on the server
   */
  readonly defaultPodSecurity?: PodSecurityLevel;
  /**
   * Where namespaced objects without a namespace go.
   * @default 'default'
   */
  readonly namespace?: string;
  /** @default '10.96.0.0/12' */
  readonly serviceClusterIPRange?: string;
  /** @default '30000-32767' */
  readonly serviceNodePortRange?: string;
}

/** The validator could not answer (it failed to start, or its output was not its contract). */
export class ValidatorError extends ExplainedError {}

/** The stack of the validator's thread: Go's decoders recurse once per level of nesting. */
const STACK_MB = 256;
/** How long a run may take before the caller gives up on it. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Starts preparing the validator on its own thread (compile, restore, warm up), to be ready
 * when `validateObjects` is called; does nothing when it is started already. Saving the
 * snapshot, if `npm run validator` did not, happens here first, on this thread (seconds, once).
 */
export function startValidator(handle: ValidatorHandle): void {
  session(handle);
}

/**
 * Rewrites the build with its globals exported and saves the snapshot of its started server
 * next to it, unless done already (`validator/build` does this after a build).
 */
export function prepareValidator(handle: ValidatorHandle): void {
  const snapshotFile = snapshotFileOf(handle);
  if (usable(readSnapshotHeader(snapshotFile), moduleIdentity(handle.wasmFile))) return;
  const { module, globals } = compiledWithGlobals(handle);
  writeSnapshot(snapshotFile, takeSnapshot(handle, module, globals, moduleIdentity(handle.wasmFile)));
}

/** The API server's answer for each object, in order. */
export function validateObjects(handle: ValidatorHandle, objects: readonly unknown[], options: ValidateOptions = {}): ObjectValidation[] {
  if (objects.length === 0) return [];
  const input = { ...options, objects };
  try {
    return [...checkedOutput(runValidator(handle, input), objects.length).results];
  } catch (err) {
    if (!(err instanceof StackExhausted)) throw err;
  }
  // Nested deeper than even the validator's thread takes: each object alone, the ones too
  // deep answered with the reason.
  return objects.map((o) => {
    try {
      return checkedOutput(runValidator(handle, { ...input, objects: [o] }), 1).results[0];
    } catch (inner) {
      if (!(inner instanceof StackExhausted)) throw inner;
      return tooDeep(o);
    }
  });
}

/** Where the time of the last runValidator call went, in milliseconds (for bench/validator.ts). */
export const lastTimings: { start?: number; run?: number; thread?: Record<string, number> } = {};

/** Runs the validator once on a whole input. */
export function runValidator(handle: ValidatorHandle, input: ValidatorInput): ValidatorOutput {
  const began = performance.now();
  const s = session(handle);
  lastTimings.start = performance.now() - began;
  const seq = ++s.seq;
  s.port.postMessage(serialize(input));
  Atomics.store(s.state, REQUEST, seq);
  Atomics.notify(s.state, REQUEST);
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Atomics.load(s.state, DONE) !== seq) {
    if (Date.now() > deadline) throw new ValidatorError(`the validator (${handle.wasmFile}) did not answer in ${RUN_TIMEOUT_MS / 60000} minutes`);
    Atomics.wait(s.state, DONE, Atomics.load(s.state, DONE), 1000);
  }
  const reply = receiveMessageOnPort(s.port)?.message as { output?: string; error?: string; stackExhausted?: boolean; timings?: Record<string, number> } | undefined;
  lastTimings.run = performance.now() - began - lastTimings.start;
  lastTimings.thread = reply?.timings;
  if (reply?.stackExhausted) throw new StackExhausted();
  if (reply?.output === undefined) throw new ValidatorError(`the validator (${handle.wasmFile}) failed: ${reply?.error ?? 'no answer'}`);
  return JSON.parse(reply.output) as ValidatorOutput;
}

function checkedOutput(output: ValidatorOutput, expected: number): ValidatorOutput {
  if (output.error) throw new ValidatorError(`the validator refused its input: ${output.error}`);
  if (!Array.isArray(output.results) || output.results.length !== expected) {
    throw new ValidatorError(`the validator answered for ${output.results?.length ?? 0} objects, not ${expected}`);
  }
  return output;
}

class StackExhausted extends Error {}

/** The input as JSON; an object too deep for JavaScript itself to write is as too deep for the validator. */
function serialize(input: ValidatorInput): string {
  try {
    return JSON.stringify(input);
  } catch (err) {
    if (err instanceof RangeError) throw new StackExhausted();
    throw err;
  }
}

function tooDeep(object: unknown): ObjectValidation {
  const o = (object ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const message = 'the object is nested too deeply for the validator to read (its stack ran out)';
  return {
    apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), name: String(o.metadata?.name ?? ''), namespace: String(o.metadata?.namespace ?? ''),
    namespaced: false, resource: '', code: 422, reason: 'TooDeep', message, errors: [{ reason: 'TooDeep', message }],
  };
}

// --- the validator's thread ----------------------------------------------------------------

interface Session {
  readonly port: MessagePort;
  readonly state: Int32Array;
  seq: number;
}

const sessions = new Map<string, Session>();

function session(handle: ValidatorHandle): Session {
  let s = sessions.get(handle.wasmFile);
  if (!s) {
    if (!handle?.wasmFile) throw new ValidatorError('no validator: findValidator found no build (run `npm run validator`)');
    setFlags();
    prepareValidator(handle);
    const { port1, port2 } = new MessageChannel();
    const state = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { wasmFile: handle.wasmFile, snapshotFile: snapshotFileOf(handle), port: port2, state, warm: true },
      transferList: [port2],
      resourceLimits: { stackSizeMb: STACK_MB },
      stdout: true,
      stderr: true,
    });
    // The thread waits for requests forever; it does not keep the process alive.
    worker.unref();
    s = { port: port1, state, seq: 0 };
    sessions.set(handle.wasmFile, s);
  }
  return s;
}

/**
 * V8 compiles the module with Liftoff, its baseline compiler, alone and lazily (each function
 * when first called, validated then): compiling all of it, or tiering hot functions up to
 * TurboFan, costs far more than a run of well under a second can win back. And without fast API
 * calls: node:wasi's fast calls (Node 20) keep a pointer to the module's memory across a call
 * that may grow it, and Go grows it often; the process then dies with SIGSEGV or an assertion in
 * uvwasi (one run in three here, none in twenty without). The flags are the process's.
 */
function setFlags(): void {
  if (flagsSet) return;
  for (const flag of ['--liftoff-only', '--wasm-lazy-validation', '--no-turbo-fast-api-calls']) v8.setFlagsFromString(flag);
  flagsSet = true;
}
let flagsSet = false;

const snapshotFileOf = (handle: ValidatorHandle) => `${handle.wasmFile}.snapshot`;

// --- preparing: globals exported, snapshot taken -------------------------------------------

/** The parts of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; exports(module: object): { name: string; kind: string }[] };
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, any> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The module compiled here; the first time, the file is rewritten with its globals exported. */
function compiledWithGlobals(handle: ValidatorHandle): { module: object; globals: number } {
  setFlags();
  let bytes: Uint8Array = fs.readFileSync(handle.wasmFile);
  let module = new wasm.Module(bytes);
  let globals = wasm.Module.exports(module).filter((e) => e.kind === 'global' && e.name.startsWith(GLOBAL_EXPORT_PREFIX)).length;
  if (globals === 0) {
    const exported = exportGlobals(bytes);
    bytes = exported.bytes;
    const tmp = `${handle.wasmFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, handle.wasmFile);
    module = new wasm.Module(bytes);
    globals = exported.globals;
  }
  return { module, globals };
}

/** Starts the server in a fresh instance (_initialize, validator_setup) and saves its state. */
function takeSnapshot(handle: ValidatorHandle, module: object, globals: number, identity: string): Snapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-validator-'));
  const stderrFile = path.join(dir, 'stderr.txt');
  const devNull = fs.openSync(os.devNull, 'r+');
  const stderr = fs.openSync(stderrFile, 'w');
  const running: object[] = [];
  try {
    const wasi = new (wasiClass())({ version: 'preview1', args: ['validator'], env: {}, stdin: devNull, stdout: devNull, stderr, returnOnExit: true });
    const instance = new wasm.Instance(module, wasi.getImportObject() as Record<string, Record<string, unknown>>);
    // Held where the garbage collector sees them while the program runs (see worker-source.ts).
    running.push(wasi, instance);
    const fresh = new Uint8Array(instance.exports.memory.buffer).slice();
    wasi.initialize(instance);
    const code = (instance.exports.validator_setup as () => number)();
    if (code !== 0) throw new ValidatorError(`the validator (${handle.wasmFile}) did not start: ${fs.readFileSync(stderrFile, 'utf8').trim()}`);
    return capture({ memory: instance.exports.memory, globals: exportedGlobals(instance.exports, globals) }, fresh, identity);
  } finally {
    running.length = 0;
    fs.closeSync(devNull);
    fs.closeSync(stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let wasiConstructor: typeof WasiClass | undefined;

/** node:wasi, loaded without its one-time "experimental" warning on stderr. */
function wasiClass(): typeof WasiClass {
  if (!wasiConstructor) {
    const emit = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      if (/WASI/.test(typeof warning === 'string' ? warning : warning.message)) return;
      (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      wasiConstructor = (require('node:wasi') as typeof import('wasi')).WASI;
    } finally {
      process.emitWarning = emit;
    }
  }
  return wasiConstructor;
}
