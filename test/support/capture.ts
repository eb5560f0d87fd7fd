/**
 * When TODO_TEST_CAPTURE_DIR is set, the extension tests write each chart they synthesize there
 * (test name, configuration, objects), so test/cluster/server-agrees.test.ts can send every
 * extension case the synth-time checks accept to the real API server. Otherwise it does nothing.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TodoConfig } from '../../lib/model/settings/types';

export interface CapturedSynth {
  readonly test: string;
  readonly config?: TodoConfig;
  readonly manifests: readonly any[];
}

export function capture<T extends readonly any[]>(manifests: T, config?: TodoConfig): T {
  const dir = process.env.TODO_TEST_CAPTURE_DIR;
  if (dir) {
    const test = expect.getState().currentTestName ?? 'unnamed';
    const record: CapturedSynth = { test, config, manifests };
    const text = JSON.stringify(record);
    fs.writeFileSync(path.join(dir, `${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`), text);
  }
  return manifests;
}

/** Everything captured into `dir`. */
export function readCaptured(dir: string): CapturedSynth[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}
