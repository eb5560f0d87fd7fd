import { Construct } from 'constructs';
import { isCronSchedule, PHASE_V_NAMES } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { constructPath, PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprComponent } from './dapr-component';
import { CronBindingProps } from './cron-binding-props';

/**
 * A cron input binding (`bindings.cron`): the sidecar of each app in `scopes` calls the app's
 * `POST /<name>` on schedule (after an `OPTIONS /<name>` at start). Scope it to the one app that
 * should fire, or every scoped app is called.
 */
export class CronBinding extends DaprComponent {
  constructor(scope: Construct, id: string, props: CronBindingProps) {
    const c = new FieldChecker();
    if (new.target === CronBinding) c.absorb(shapeIssues('CronBindingProps', props));
    c.check(isCronSchedule(props.schedule), 'schedule', props.schedule, 'a schedule such as "@every 1m", "@hourly" or "*/5 * * * *"');
    PropsError.throwIfAny(constructPath(scope, id), c.issues);
    super(scope, id, {
      name: props.name ?? PHASE_V_NAMES.cron,
      type: 'bindings.cron',
      metadata: [{ name: 'schedule', value: props.schedule }, { name: 'direction', value: 'input' }],
      scopes: props.scopes,
      namespace: props.namespace,
    });
  }
}
