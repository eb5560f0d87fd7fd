/**
 * Raw requests to the test cluster's API server, as kubectl makes them, with the answer as the
 * server gives it (status code, Status object, Warning headers) rather than kubectl's rewording.
 */
import * as fs from 'fs';
import * as https from 'https';
import { parse } from 'yaml';
import { ClusterKind, clusterEnv } from './cluster';

/** The server's answer to one request. */
export interface ServerAnswer {
  readonly code: number;
  /** The response body, parsed (a Status when refused). */
  readonly body: any;
  /** The Warning headers' texts, in order. */
  readonly warnings: string[];
}

interface Endpoint {
  readonly server: URL;
  readonly ca: Buffer;
  readonly token: string;
}

const endpoints = new Map<ClusterKind, Endpoint>();

function endpoint(cluster: ClusterKind): Endpoint {
  let e = endpoints.get(cluster);
  if (!e) {
    const config = parse(fs.readFileSync(clusterEnv(cluster).kubeconfig, 'utf8'));
    const c = config.clusters[0].cluster;
    const ca = c['certificate-authority-data'] ? Buffer.from(c['certificate-authority-data'], 'base64') : fs.readFileSync(c['certificate-authority']);
    e = { server: new URL(c.server), ca, token: config.users[0].user.token };
    endpoints.set(cluster, e);
  }
  return e;
}

/** One request: method, path (with query), JSON body. */
export function serverRequest(method: string, path: string, body?: string, cluster: ClusterKind = 'kwok'): Promise<ServerAnswer> {
  const e = endpoint(cluster);
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: e.server.hostname, port: e.server.port, method, path, ca: e.ca,
      headers: { Authorization: `Bearer ${e.token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      timeout: 60_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        const warnings: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i].toLowerCase() === 'warning') warnings.push(warningText(res.rawHeaders[i + 1]));
        resolve({ code: res.statusCode ?? 0, body: parsed, warnings });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** `kubectl create --dry-run=server --validate=strict` of one object, at its resource's path. */
export function serverDryRunCreate(resourcePath: string, object: unknown, cluster: ClusterKind = 'kwok'): Promise<ServerAnswer> {
  return serverRequest('POST', `${resourcePath}?dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict`, JSON.stringify(object), cluster);
}

/** The text of a Warning header: `299 - "text"` (RFC 7234, as the server writes it). */
function warningText(header: string): string {
  const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header);
  return m ? m[1].replace(/\\(.)/g, '$1') : header;
}
