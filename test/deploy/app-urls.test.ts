/**
 * Where the app is (issue 25.6): each URL tried with one HTTP request from this machine, against
 * real sockets here (a server that answers, one that answers 500, one that never answers, a closed
 * port, a name that does not resolve). The same against the real node's NodePorts:
 * test/node/app-urls.test.ts.
 */
import * as http from 'http';
import * as net from 'net';
import { appUrls } from '../../lib/deploy/app-urls-action';
import { probeUrl } from '../../lib/deploy/http-probe';
import { Kubectl } from '../../lib/deploy/kubectl';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';

const servers: net.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** A server on 127.0.0.1 that answers every request with `status` (or never, when undefined); its port. */
async function serve(status: number | undefined): Promise<number> {
  const server = status === undefined ? net.createServer(() => undefined) : http.createServer((_req, res) => res.writeHead(status).end());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('any HTTP answer is reachable, a 500 included; the host header can be named', async () => {
  expect(await probeUrl(`http://127.0.0.1:${await serve(307)}/`)).toEqual({ reachable: true, status: 307 });
  expect(await probeUrl(`http://127.0.0.1:${await serve(500)}/`)).toEqual({ reachable: true, status: 500 });
  const hosts: string[] = [];
  const server = http.createServer((req, res) => (hosts.push(req.headers.host ?? ''), res.writeHead(404).end()));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await probeUrl(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`, { host: 'todo.example.test' });
  expect(hosts).toEqual(['todo.example.test']);
});

test('why not: refused, no answer in time, a name that does not resolve', async () => {
  const refused = await closedPort();
  expect(await probeUrl(`http://127.0.0.1:${refused}/`)).toEqual({ reachable: false, why: `connection refused: nothing listens on 127.0.0.1:${refused} as seen from here (ECONNREFUSED)` });
  const silent = await serve(undefined);
  const started = Date.now();
  expect(await probeUrl(`http://127.0.0.1:${silent}/`, { timeoutMs: 500 })).toEqual({ reachable: false, why: 'no answer within 0.5s (a firewall, or no route from here to 127.0.0.1)' });
  expect(Date.now() - started).toBeLessThan(2000);
  const unresolved = await probeUrl('http://todo.no-such-host.invalid:30300/', { timeoutMs: 5000 });
  expect(unresolved).toMatchObject({ reachable: false, why: expect.stringMatching(/^todo\.no-such-host\.invalid does not resolve here \((ENOTFOUND|EAI_AGAIN)\)$|^no answer within 5s/) });
});

test('publicUrls that do not answer: each says why, and what to try (the port-forward for localhost URLs)', async () => {
  const [frontend, backend] = [await serve(307), await closedPort()];
  const settings: TodoConfig = { ...LOCAL_PROFILE, publicUrls: { frontend: `http://localhost:${frontend}`, backend: `http://localhost:${backend}` } };
  // No cluster to ask for node addresses (a kubectl that always fails): only the configured URLs.
  const report = await appUrls({ kubectl: new Kubectl({ binary: 'false' }), settings, objects: [], target: { kind: 'kwok', context: 'none' }, settleMs: 0 });
  expect(report.urls.map((u) => [u.component, u.via, u.probe.reachable])).toEqual([['frontend', 'public-url', true], ['backend', 'public-url', false]]);
  expect(report.urls[1].probe).toMatchObject({ why: expect.stringContaining('ECONNREFUSED') });
  expect(report.advice).toEqual(['forward the configured URLs to the Services from this machine: npm run deploy -- --port-forward (until Ctrl-C)']);
});

test('a URL that starts answering within the settle time (kube-proxy programs a new NodePort seconds after Ready) is reachable; one that never does is not', async () => {
  const [late, never] = [await closedPort(), await closedPort()];
  const settings: TodoConfig = { ...LOCAL_PROFILE, publicUrls: { frontend: `http://127.0.0.1:${late}`, backend: `http://127.0.0.1:${never}` } };
  const opening = new Promise<void>((resolve) => setTimeout(() => {
    const server = http.createServer((_req, res) => res.writeHead(200).end());
    servers.push(server);
    server.listen(late, '127.0.0.1', resolve);
  }, 2500));
  const started = Date.now();
  const report = await appUrls({ kubectl: new Kubectl({ binary: 'false' }), settings, objects: [], target: { kind: 'kwok', context: 'none' }, settleMs: 5000 });
  await opening;
  expect(report.urls.map((u) => [u.component, u.probe.reachable])).toEqual([['frontend', true], ['backend', false]]);
  // The wait is paid once for all URLs, and ends with the settle time.
  expect(Date.now() - started).toBeLessThan(8000);
});
