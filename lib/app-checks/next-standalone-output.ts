import * as fs from 'fs';
import * as path from 'path';
import { AppCheck } from './types';

const CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts', 'next.config.cts'];
const STANDALONE = /\boutput\s*:\s*['"`]standalone['"`]/;

/** The image runs `node server.js` from `.next/standalone`, which only `output: "standalone"` produces. */
export const nextStandaloneOutput: AppCheck = {
  id: 'next-standalone-output',
  severity: 'error',
  summary: 'next.config.* does not set output: "standalone"',
  run({ sources }) {
    if (!sources.frontendDepends('next')) return [];
    const present = CONFIG_FILES.filter((f) => fs.existsSync(path.join(sources.frontendDir, f)));
    if (present.some((f) => STANDALONE.test(withoutComments(sources.read(sources.frontendDir, f) ?? '')))) return [];
    const file = path.join(sources.frontendDir, present[0] ?? 'next.config.ts');
    return [
      {
        check: this.id,
        severity: this.severity,
        file,
        problem: present.length ? 'does not set output: "standalone"' : 'does not exist, so output: "standalone" is not set',
        why: 'the image runs the standalone server (node server.js from .next/standalone), which next build writes only with that option; the build would fail after a full next build',
        fix: `set output: "standalone" in the exported config of ${path.basename(file)} (e.g. \`const nextConfig = { output: "standalone" }\`)`,
      },
    ];
  },
};

/**
 * The text with `//` and `/* *\/` comments blanked, strings and template literals kept as they
 * are (a URL's "//" is no comment): `// output: "standalone"` sets nothing.
 */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
