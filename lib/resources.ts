import * as k8s from '../imports/k8s';
import { ResourceSettings } from './config/types';

/** A container's `resources` from the configuration's requests and limits. */
export function resourceRequirements(r: ResourceSettings): k8s.ResourceRequirements {
  const quantities = (q: { cpu: string; memory: string }) => ({
    cpu: k8s.Quantity.fromString(q.cpu),
    memory: k8s.Quantity.fromString(q.memory),
  });
  return { requests: quantities(r.requests), limits: quantities(r.limits) };
}
