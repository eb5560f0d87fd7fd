import { Chart, Testing } from 'cdk8s';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { PostgresDatabase } from '../../lib/constructs/postgres-database';
import { capture } from '../support/capture';
import { Manifest } from '../support/synth';

/** A chart in namespace `todo`, like the one TodoChart makes. */
export function testChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'todo', disableResourceNameHashes: true });
}

/** An in-cluster database in a chart. */
export function testDatabase(chart: Chart): PostgresDatabase {
  return new PostgresDatabase(chart, 'postgres', { instance: 'todo', secretName: 'todo-secrets' });
}

export const IMAGE = LOCAL_PROFILE.images.backend;

/** The synthesized objects of a chart. */
export function synth(chart: Chart): Manifest[] {
  return capture(Testing.synth(chart) as Manifest[]);
}

/** The one object of a kind (and name). */
export function one(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, got ${found.length}`);
  return found[0];
}
