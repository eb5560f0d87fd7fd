// The test cluster's trimmed builds (.ci/go) carry only what the project uses: every Dapr
// component type the constructs make is registered in daprd's main, and every plugin the real
// node's Corefile names is compiled into CoreDNS. Otherwise the gap shows only on the real node,
// as a component that fails to load or CoreDNS exiting on "unknown directive".
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** `<kind>.<name>` of every Component the constructs in lib/constructs/dapr make. */
function constructComponentTypes(): string[] {
  const dir = path.join(ROOT, 'lib', 'constructs', 'dapr');
  return fs.readdirSync(dir).flatMap((f) =>
    [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/type: '([a-z]+\.[a-z0-9.-]+)'/g)].map((m) => m[1]),
  );
}

/** `<kind>.<name>` of every component .ci/go/daprd/main.go registers (`<kind>Loader.DefaultRegistry.Register…`). */
function daprdComponentTypes(): string[] {
  return [...read('.ci/go/daprd/main.go').matchAll(/(\w+)Loader\.DefaultRegistry\.Register\w*\((?:[\w.]+, )?"([\w.-]+)"/g)].map(
    (m) => `${m[1]}.${m[2]}`,
  );
}

/** The plugins the Corefile written by .ci/cluster-node names: the first word of each line directly inside a server block. */
function corefileDirectives(): string[] {
  const script = read('.ci/cluster-node');
  const body = /put "\$DIR\/coredns\/Corefile" <<EOF\n([\s\S]*?)\nEOF/.exec(script)?.[1];
  if (!body) throw new Error('.ci/cluster-node: no Corefile heredoc found');
  const directives = new Set<string>();
  let depth = 0;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (depth === 1 && line !== '}') directives.add(line.split(/\s+/)[0]);
    depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
  }
  return [...directives];
}

/** The plugins .ci/go/coredns/main.go compiles in. */
function corednsPlugins(): string[] {
  return [...read('.ci/go/coredns/main.go').matchAll(/"github\.com\/coredns\/coredns\/plugin\/(\w+)"/g)].map((m) => m[1]);
}

test("daprd's main registers every component type the constructs make", () => {
  const made = constructComponentTypes();
  expect(made).toEqual(expect.arrayContaining(['pubsub.kafka', 'state.postgresql', 'bindings.cron', 'secretstores.kubernetes']));
  const registered = daprdComponentTypes();
  expect(made.filter((t) => !registered.includes(t))).toEqual([]);
});

test("CoreDNS's main compiles in every plugin the real node's Corefile names", () => {
  const named = corefileDirectives();
  expect(named).toEqual(expect.arrayContaining(['bind', 'kubernetes', 'template']));
  const compiled = corednsPlugins();
  expect(named.filter((d) => !compiled.includes(d))).toEqual([]);
});
