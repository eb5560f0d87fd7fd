/**
 * The documents of a YAML file, however deeply nested. The yaml package composes recursively, so
 * a valid file a few hundred levels deep (a CRD's nested schemas) runs out of call stack inside
 * synth; such a file is parsed again on a worker thread with a large stack, synchronously, and its
 * value comes back as JSON (JSON.parse does not recurse).
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'worker_threads';
import * as Yaml from 'yaml';

/** The documents, or the first problem (the parser's words, one line; no content of the file). */
export type YamlDocumentsResult = { readonly ok: true; readonly docs: unknown[] } | { readonly ok: false; readonly problem: string };

/** The worker's stack: enough for YAML nested thousands of levels deep. */
const WORKER_STACK_MB = 256;
const WORKER_TIMEOUT_MS = 60_000;

/** Parses every document of `text`; never throws for bad input. */
export function parseYamlDocuments(text: string): YamlDocumentsResult {
  const first = parseHere(text);
  if (first.ok || !first.exhausted) return first.ok ? { ok: true, docs: first.docs } : { ok: false, problem: first.problem };
  return parseOnWorker(text);
}

type HereResult = { ok: true; docs: unknown[] } | { ok: false; problem: string; exhausted: boolean };

function parseHere(text: string): HereResult {
  try {
    const documents = Yaml.parseAllDocuments(text);
    const list = Array.isArray(documents) ? documents : [documents];
    const error = list.flatMap((d) => d.errors)[0];
    if (error) return { ok: false, problem: error.message.split('\n')[0], exhausted: error.code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(error.message) };
    return { ok: true, docs: list.map((d) => d.toJS({ maxAliasCount: 100 })) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problem: message.split('\n')[0], exhausted: err instanceof RangeError };
  }
}

const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
let out;
try {
  const Yaml = require(workerData.yamlPath);
  const documents = Yaml.parseAllDocuments(workerData.text);
  const list = Array.isArray(documents) ? documents : [documents];
  const error = list.flatMap((d) => d.errors)[0];
  out = error ? { problem: error.message.split('\\n')[0] } : { json: JSON.stringify(list.map((d) => d.toJS({ maxAliasCount: 100 }) ?? null)) };
} catch (err) {
  out = { problem: String((err && err.message) || err).split('\\n')[0] };
}
workerData.port.postMessage(out);
Atomics.store(workerData.done, 0, 1);
Atomics.notify(workerData.done, 0);
`;

function parseOnWorker(text: string): YamlDocumentsResult {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { text, port: port2, done, yamlPath: require.resolve('yaml') },
    transferList: [port2],
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
  });
  try {
    Atomics.wait(done, 0, 0, WORKER_TIMEOUT_MS);
    const answer = receiveMessageOnPort(port1)?.message as { json?: string; problem?: string } | undefined;
    if (!answer) return { ok: false, problem: `not parsed in ${WORKER_TIMEOUT_MS / 1000}s` };
    if (answer.problem !== undefined) return { ok: false, problem: answer.problem };
    return { ok: true, docs: JSON.parse(answer.json!) };
  } finally {
    void worker.terminate();
    port1.close();
  }
}
