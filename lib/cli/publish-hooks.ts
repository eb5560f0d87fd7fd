import { PublishHook } from '../pipeline/publish';

/**
 * Fault injection for the atomicity tests, off unless set: `TODO_SYNTH_KILL_AT=<step>` sends
 * SIGKILL to this process when publishing reaches that step; `TODO_SYNTH_PAUSE_AT=<step>` sleeps
 * there for `TODO_SYNTH_PAUSE_MS` (default 200) so runs overlap. Steps: `checked`, `staged`,
 * `renamed:<file>` (after that file's rename), `published`.
 */
export function publishHookFromEnv(env: NodeJS.ProcessEnv): PublishHook {
  const killAt = env.TODO_SYNTH_KILL_AT;
  const pauseAt = env.TODO_SYNTH_PAUSE_AT;
  if (!killAt && !pauseAt) return () => {};
  const pauseMs = Number(env.TODO_SYNTH_PAUSE_MS ?? 200);
  return (step) => {
    if (step === pauseAt) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  };
}
