import type { SynthesisResult } from './synthesize-app';

type Listener = (result: SynthesisResult) => void;
const listeners = new Set<Listener>();

/** Calls `listener` each time synthesizeApp publishes in this process; returns the unsubscribe. */
export function onPublished(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Called by synthesizeApp once its output is published. */
export function notePublished(result: SynthesisResult): void {
  for (const listener of [...listeners]) listener(result);
}
