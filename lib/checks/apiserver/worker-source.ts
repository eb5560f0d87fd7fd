/**
 * The thread the validator runs on, as plain JavaScript (a worker started with `eval: true`,
 * so that it works whether the runner is TypeScript, compiled or bundled). It compiles the
 * module, restores the snapshot of the started server (snapshot.ts writes it), sends typical
 * objects through it until the first request comes, so that V8 has compiled the code a run
 * takes by then, and then answers requests: the main thread
 * posts an Input document on `port`, bumps `state[REQUEST]` and waits until `state[DONE]`
 * matches; the worker posts `{ output }` or `{ error, stackExhausted }` back.
 */

/** Slots of the shared Int32Array. */
export const REQUEST = 0;
export const DONE = 1;

export const WORKER_SOURCE = String.raw`
'use strict';
const fs = require('fs');
const os = require('os');
const { WASI } = require('wasi');
const { workerData, receiveMessageOnPort } = require('worker_threads');
const { wasmFile, snapshotFile, port, state } = workerData;
const REQUEST = ${REQUEST}, DONE = ${DONE}, PAGE = 65536;
const MAGIC = 'todo-k8s validator snapshot 2\n';

let module, snapshot, instance, keep;

function readSnapshot() {
  const bytes = fs.readFileSync(snapshotFile);
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) throw new Error(snapshotFile + ' is not a validator snapshot');
  const end = bytes.indexOf(10, MAGIC.length);
  return { ...JSON.parse(bytes.subarray(MAGIC.length, end).toString()), data: bytes.subarray(end + 1) };
}

/** A fresh instance with the snapshot's memory and globals in it, ready for validator_call. */
function restored() {
  const devNull = fs.openSync(os.devNull, 'r+');
  const wasi = new WASI({ version: 'preview1', args: ['validator'], env: {}, stdin: devNull, stdout: devNull, stderr: devNull, returnOnExit: true });
  const next = new WebAssembly.Instance(module, wasi.getImportObject());
  // Held where the garbage collector sees them: V8 may otherwise collect the WASI object while
  // the program runs (Node 20 then aborts in ~WASI).
  keep = [wasi, next];
  const memory = next.exports.memory;
  const have = memory.buffer.byteLength / PAGE;
  if (snapshot.pages > have) memory.grow(snapshot.pages - have);
  const view = new Uint8Array(memory.buffer);
  for (const [first, count] of snapshot.zeroed) view.fill(0, first * PAGE, (first + count) * PAGE);
  let offset = 0;
  for (const [first, count] of snapshot.runs) {
    view.set(snapshot.data.subarray(offset, offset + count * PAGE), first * PAGE);
    offset += count * PAGE;
  }
  snapshot.globals.forEach((value, i) => {
    const global = next.exports['__global_' + i];
    global.value = typeof global.value === 'bigint' ? BigInt(value) : Number(value);
  });
  // Binds the WASI host to the memory without running _initialize: the snapshot holds the
  // initialized runtime.
  wasi.initialize({ exports: { memory } });
  return next;
}

function call(input) {
  const bytes = Buffer.from(input, 'utf8');
  const exports = instance.exports;
  const at = exports.validator_input(bytes.length);
  new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
  const length = exports.validator_call();
  return Buffer.from(exports.memory.buffer, exports.validator_output(), length).toString('utf8');
}

function failure(err) {
  const stackExhausted = err instanceof RangeError && /call stack/i.test(err.message);
  return { error: String((err && err.message) || err), stackExhausted };
}

let startError;
const timings = {};
try {
  let at = performance.now();
  const lap = (name) => { const now = performance.now(); timings[name] = Math.round(now - at); at = now; };
  const bytes = fs.readFileSync(wasmFile);
  lap('read');
  module = new WebAssembly.Module(bytes);
  lap('compile');
  snapshot = readSnapshot();
  instance = restored();
  lap('restore');
  // Typical objects through the server, one at a time, until a real input arrives.
  if (workerData.warm) for (let i = 0, n = 1; i < n && Atomics.load(state, REQUEST) === 0; i++) n = instance.exports.validator_warm(i);
  lap('warm');
} catch (err) {
  startError = failure(err);
  instance = undefined;
}

let seen = 0;
for (;;) {
  Atomics.wait(state, REQUEST, seen);
  seen = Atomics.load(state, REQUEST);
  const request = receiveMessageOnPort(port);
  let reply;
  if (!instance && module && snapshot) {
    try {
      instance = restored();
    } catch (err) {
      startError = failure(err);
    }
  }
  if (!instance) {
    reply = startError || { error: 'the validator did not start' };
  } else {
    try {
      const began = performance.now();
      reply = { output: call(request ? request.message : '{}'), timings: { ...timings, call: Math.round(performance.now() - began) } };
    } catch (err) {
      reply = failure(err);
      // A trap leaves the instance half-way through a run: the next request gets a fresh one.
      try {
        instance = restored();
      } catch (again) {
        instance = undefined;
        startError = failure(again);
      }
    }
  }
  port.postMessage(reply);
  Atomics.store(state, DONE, seen);
  Atomics.notify(state, DONE);
}
`;
