/**
 * URL forms a database driver refuses at connect time, found in env values: asyncpg (async
 * SQLAlchemy, `postgresql+asyncpg://`) takes query parameters as keyword arguments and has no
 * `sslmode` (sqlalchemy#6275: "connect() got an unexpected keyword argument 'sslmode'").
 */
import { allContainers, PodTemplate } from './pods';
import { CheckViolation } from './violation';

export function asyncpgSslmodeViolations(pods: readonly PodTemplate[]): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const pod of pods) {
    for (const { path, container } of allContainers(pod.spec)) {
      for (const [i, e] of (Array.isArray(container?.env) ? container.env : []).entries()) {
        const value = String(e?.value ?? '');
        const m = /\bpostgres(?:ql)?\+asyncpg:\/\/[^\s?]*\?(\S*)/.exec(value);
        if (!m || !new URLSearchParams(m[1]).has('sslmode')) continue;
        out.push({
          object: pod.owner, path: `${pod.specPath}.${path}.env[${i}].value`,
          rule: `${e.name}: a postgresql+asyncpg:// URL with sslmode= in its query; asyncpg refuses it ("unexpected keyword argument 'sslmode'", sqlalchemy#6275)`,
          fix: 'write ssl=require (asyncpg\'s name, same values) instead of sslmode=require; ExternalDatabase.fromParts does this for asyncpg clients',
        });
      }
    }
  }
  return out;
}
