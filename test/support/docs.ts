/**
 * docs/extending.md "Tasks for main.ts": its preamble (main.ts's frame) and each task snippet
 * placed in it, as the user would paste it. test/readme-snippets.test.ts type-checks them; the
 * cluster tests synthesize them and send the result to the API server.
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

/** The page and the section the snippets live in. */
export const EXTENDING_DOC = path.join(ROOT, 'docs', 'extending.md');
export const TASKS_HEADING = '## Tasks for main.ts';

export function extendingSnippets(doc = fs.readFileSync(EXTENDING_DOC, 'utf8')): ExtendingSnippets {
  const from = doc.indexOf(`\n${TASKS_HEADING}\n`);
  if (from < 0) throw new Error(`${path.relative(ROOT, EXTENDING_DOC)} has no "${TASKS_HEADING}" section`);
  const next = doc.indexOf('\n## ', from + 1);
  const section = doc.slice(from, next < 0 ? undefined : next);
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

/** main.ts with the task between `new TodoChart(...)` and `return app;`; a task that builds its own chart replaces the preamble's. */
export function mainWith(preamble: string, task: string): string {
  const body = /const chart = /.test(task) ? preamble.replace(/^ *const chart = .*\n/m, '') : preamble;
  const indented = task.trimEnd().split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
  return body.replace(/^ *\/\/ \.\.\. a task from below \.\.\.$/m, `${indented}\n  void chart;`);
}

/** Each task's whole main.ts, importing the library from `@lib` (for a main.ts outside the repository). */
export function extendingMains(): { title: string; main: string }[] {
  const { preamble, tasks } = extendingSnippets();
  return tasks.map((t) => ({ title: t.title, main: mainWith(preamble, t.code).replace(/from '\.\/lib'/g, "from '@lib'") }));
}
