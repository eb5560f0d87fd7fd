import { Construct } from 'constructs';
import { DEFAULT_STATE_CONNECTION_KEY, PHASE_V_NAMES } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { constructPath, PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprComponent } from './dapr-component';
import { PostgresStateStoreProps } from './postgres-state-store-props';

/**
 * State in PostgreSQL (`state.postgresql`): the connection string is a key of the Secret, read
 * through the secret store, never a value in the manifest. Dapr makes its `state` table itself
 * (keys `<app-id>||<key>`).
 */
export class PostgresStateStore extends DaprComponent {
  constructor(scope: Construct, id: string, props: PostgresStateStoreProps) {
    const c = new FieldChecker();
    if (new.target === PostgresStateStore) c.absorb(shapeIssues('PostgresStateStoreProps', props));
    PropsError.throwIfAny(constructPath(scope, id), c.issues);
    super(scope, id, {
      name: props.name ?? PHASE_V_NAMES.stateStore,
      type: 'state.postgresql',
      metadata: [{ name: 'connectionString', secretKeyRef: { name: props.secretName, key: props.connectionStringKey ?? DEFAULT_STATE_CONNECTION_KEY } }],
      scopes: props.scopes,
      namespace: props.namespace,
    });
  }
}
