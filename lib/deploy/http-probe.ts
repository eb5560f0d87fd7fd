import * as http from 'http';
import * as https from 'https';

/** What one HTTP request from this machine found. */
export type ProbeResult =
  | { readonly reachable: true; /** The HTTP status the app answered. */ readonly status: number; /** @default undefined (no remark) */ readonly note?: string }
  | { readonly reachable: false; /** Why, in a few words (the system's error code included). */ readonly why: string };

/** How long a probe waits for an answer: the app answers a GET within this when it is reachable at all. */
export const PROBE_TIMEOUT_MS = 3000;

const CERTIFICATE_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/**
 * One GET of `url` from this machine (no redirect followed, the body not read): any HTTP answer
 * means reachable, a 500 included; an untrusted certificate is reachable, with a note.
 */
export function probeUrl(url: string, options: { readonly timeoutMs?: number; /** Sent as the Host header (an Ingress's host at its controller's address). @default the URL's */ readonly host?: string } = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const u = new URL(url);
  const client = u.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(r);
    };
    const request = client.get(u, { headers: { 'user-agent': 'todo-k8s-deploy', ...(options.host ? { host: options.host } : {}) }, ...(options.host ? { servername: options.host } : {}) }, (res) => {
      res.resume();
      done({ reachable: true, status: res.statusCode ?? 0 });
    });
    const timer = setTimeout(() => done({ reachable: false, why: `no answer within ${timeoutMs / 1000}s (a firewall, or no route from here to ${u.hostname})` }), timeoutMs);
    request.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      if (CERTIFICATE_ERRORS.test(code)) return done({ reachable: true, status: 0, note: `its TLS certificate is not trusted here (${code})` });
      done({ reachable: false, why: describeError(code, u, err.message) });
    });
  });
}

function describeError(code: string, u: URL, message: string): string {
  const where = `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused: nothing listens on ${where} as seen from here (ECONNREFUSED)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${u.hostname} does not resolve here (${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route from here to ${u.hostname} (${code})`;
    case 'ECONNRESET':
      return `${where} closed the connection without an HTTP answer (ECONNRESET)`;
    default:
      return `${message}${code && !message.includes(code) ? ` (${code})` : ''}`;
  }
}
