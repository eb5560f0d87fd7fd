/**
 * README "Extending": its preamble (main.ts's frame) and each task snippet placed in it, as the
 * user would paste it. test/readme-snippets.test.ts type-checks them; the cluster tests
 * synthesize them and send the result to the API server.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ExtendingSnippets {
  /** main.ts's frame, with `// ... a task from below ...` where a task goes. */
  readonly preamble: string;
  /** Each ```ts block after the preamble, with the bold title before it. */
  readonly tasks: readonly { readonly title: string; readonly code: string }[];
}

export function readmeExtending(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')): ExtendingSnippets {
  const from = readme.indexOf('\n## Extending');
  const section = readme.slice(from, readme.indexOf('\n## ', from + 1));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)];
  const [preamble, ...tasks] = blocks.map((m) => m[1]);
  return {
    preamble,
    tasks: tasks.map((code, i) => {
      const before = section.slice(0, blocks[i + 1].index);
      const titles = [...before.matchAll(/\*\*([^*]+)\*\*/g)];
      return { title: titles.length ? titles[titles.length - 1][1] : `task ${i + 1}`, code };
    }),
  };
}

/** main.ts with the task between `new TodoChart(...)` and `synthesizeApp(...)`; a task that builds its own chart replaces README's. */
export function mainWith(preamble: string, task: string): string {
  const body = /const chart = /.test(task) ? preamble.replace(/^const chart = .*\n/m, '') : preamble;
  return body.replace(/^\/\/ \.\.\. a task from below \.\.\.$/m, `${task}\nvoid chart;`);
}

/** Each task's whole main.ts, importing the library from `@lib` (for a main.ts outside the repository). */
export function readmeExtendingMains(): { title: string; main: string }[] {
  const { preamble, tasks } = readmeExtending();
  return tasks.map((t) => ({ title: t.title, main: mainWith(preamble, t.code).replace(/from '\.\/lib'/g, "from '@lib'") }));
}
