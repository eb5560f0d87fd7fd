/** Every optional prop of every construct's props (and the shared ones) documents its default. */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', '..', 'lib', 'constructs');
const files = [
  ...fs.readdirSync(LIB, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(LIB, d.name)).filter((f) => f.endsWith('-props.ts')).map((f) => path.join(LIB, d.name, f))),
  path.join(LIB, 'database-connection', 'external-database.ts'),
];

test('props files are found', () => {
  expect(files.map((f) => path.relative(LIB, f)).sort()).toEqual(expect.arrayContaining([
    'backend/backend-props.ts', 'common/container-props.ts', 'common/pod-props.ts', 'frontend/frontend-props.ts',
    'postgres-database/postgres-database-props.ts', 'public-ingress/public-ingress-props.ts', 'todo-chart/todo-chart-props.ts',
    'web-service/web-service-props.ts', 'worker/worker-props.ts', 'batch-job/batch-job-props.ts', 'autoscaler/autoscaler-props.ts',
    'disruption-budget/disruption-budget-props.ts',
  ]));
});

test.each(files.map((f) => [path.relative(LIB, f), f]))('%s: every optional prop has a doc comment with @default', (_name, file) => {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const missing: string[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*readonly (\w+)\?:/.exec(line);
    if (!m) return;
    // The doc comment directly above the prop.
    let j = i - 1;
    const doc: string[] = [];
    while (j >= 0 && /^\s*(\/\*\*|\*)/.test(lines[j])) doc.unshift(lines[j--]);
    if (!doc.some((d) => d.includes('@default'))) missing.push(m[1]);
  });
  expect(missing).toEqual([]);
});
