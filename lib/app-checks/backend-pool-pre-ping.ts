import * as path from 'path';
import { readInputFile } from '../util/read-input-file';
import { pythonFiles } from './shape-asgi-app';
import { AppCheck, AppFinding } from './types';

const ENGINE_CALL = /\b(create_engine|create_async_engine)\s*\(/g;

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
        text = readInputFile(path.join(app.dir, file), 1 << 20).toString('utf8');
      } catch {
        return [];
      }
      return [...text.matchAll(ENGINE_CALL)].flatMap((m) => {
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
