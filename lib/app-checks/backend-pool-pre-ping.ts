import * as path from 'path';
import { readInputFile } from '../util/read-input-file';
import { pythonFiles } from './shape-asgi-app';
import { AppCheck, AppFinding } from './types';

const ENGINE_CALL = /\b(create_engine|create_async_engine)\s*\(/g;

/**
 * The source with every comment and the inside of every string literal blanked (same length, same
 * lines): a call or keyword named in a comment, a docstring or a URL is not code, and a ")" in a
 * string does not end a call.
 */
export function codeOnly(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let j = from; j < to; j++) if (out[j] !== '\n') out[j] = ' ';
  };
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (ch === '"' || ch === "'") {
      const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (quote.length === 3 || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      blank(i + quote.length, Math.min(j, text.length));
      i = Math.min(j + quote.length, text.length);
    } else i++;
  }
  return out.join('');
}

/** The text of a call's arguments, from its opening parenthesis to the matching one. */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/**
 * An SQLAlchemy engine keeps connections in a pool. When the database restarts (a new pod, a
 * node drain), every pooled connection is dead, and without `pool_pre_ping` (or `pool_recycle`)
 * the first request on each answers 500 (psycopg2.OperationalError: server closed the connection
 * unexpectedly). With the database in the cluster that happens on every database rollout.
 */
export const backendPoolPrePing: AppCheck = {
  id: 'backend-pool-pre-ping',
  severity: 'warning',
  summary: 'the backend\'s SQLAlchemy engine has neither pool_pre_ping nor pool_recycle while the database runs in the cluster',
  run({ config, shape }) {
    if (config.database.kind !== 'in-cluster') return [];
    const apps = [shape.backend, ...Object.values(shape.services)].filter((a) => a.manifest);
    return apps.flatMap((app): AppFinding[] => {
      const calls = pythonFiles(app.dir).flatMap((file) => {
      let text: string;
      try {
        text = codeOnly(readInputFile(path.join(app.dir, file), 1 << 20).toString('utf8'));
      } catch {
        return [];
      }
      return [...text.matchAll(ENGINE_CALL)].flatMap((m) => {
        if (/\bdef\s+$/.test(text.slice(Math.max(0, m.index! - 10), m.index))) return []; // the app's own wrapper of that name
        const args = callArguments(text, m.index! + m[0].length - 1);
        if (/\bpool_pre_ping\s*=\s*True\b|\bpool_recycle\s*=|\bpoolclass\s*=\s*(?:\w+\.)*NullPool\b|\*\*/.test(args)) return [];
        return [{ call: m[1], at: `${path.join(app.dir, file)}:${text.slice(0, m.index).split('\n').length}` }];
      });
      });
      if (!calls.length) return [];
      const names = [...new Set(calls.map((c) => c.call))].join(' / ');
      return [{
        check: this.id,
        severity: this.severity,
        file: calls[0].at,
        problem: `calls ${calls[0].call}(...) without pool_pre_ping or pool_recycle${calls.length > 1 ? ` (also ${calls.slice(1).map((c) => c.at).join(', ')})` : ''}, while database.kind is "in-cluster"`,
        why: 'the pool keeps connections to the database pod; after it restarts (a rollout, a node drain) the first request on each dead connection answers 500 (OperationalError: server closed the connection unexpectedly)',
        fix: `pass pool_pre_ping=True to ${names}(...) (SQLAlchemy then tests each connection before use and replaces a dead one)`,
      }];
    });
  },
};
