import type { SynthesisResult } from './synthesize-app';

type Listener = (result: SynthesisResult) => void;

// One set per process, not per module copy: the command waiting (synthInProcess) and the app's
// synthesizeApp may run from different bundles (lib/synth/bundle.js), each with its own copy.
const KEY = Symbol.for('todo-k8s.synth.published-listeners');
const store = globalThis as unknown as { [KEY]?: Set<Listener> };
const listeners: Set<Listener> = (store[KEY] ??= new Set<Listener>());

/** Calls `listener` each time synthesizeApp publishes in this process; returns the unsubscribe. */
export function onPublished(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Called by synthesizeApp once its output is published. */
export function notePublished(result: SynthesisResult): void {
  for (const listener of [...listeners]) listener(result);
}
