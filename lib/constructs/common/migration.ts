import { ResourceSettings } from '../../model/settings/types';

/** Name of the migration init container (`kubectl logs <pod> -c migrate`). */
export const MIGRATION_CONTAINER = 'migrate';

/** A migration runs a CLI for seconds; its requests stay below the app's so it adds nothing to a pod's. */
export const MIGRATION_RESOURCES: ResourceSettings = {
  requests: { cpu: '50m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};
