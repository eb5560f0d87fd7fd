import * as kplus from 'cdk8s-plus-30';
import { Size } from 'cdk8s';
import { ResourceSettings } from '../../model/settings/types';
import { parseBytes } from '../../model/quantity';

/**
 * plus-30 resources from the configuration's quantities. CPU is kept exactly (`100m`, `1`);
 * memory is written by plus-30 in whole MiB, so decimal units (`500M`) are rounded up to the
 * next MiB (never below what was asked for).
 */
export function containerResources(r: ResourceSettings): kplus.ContainerResources {
  return {
    cpu: { request: cpu(r.requests.cpu), limit: cpu(r.limits.cpu) },
    memory: { request: memory(r.requests.memory), limit: memory(r.limits.memory) },
  };
}

function cpu(quantity: string): kplus.Cpu {
  return quantity.endsWith('m') ? kplus.Cpu.millis(Number(quantity.slice(0, -1))) : kplus.Cpu.units(Number(quantity));
}

function memory(quantity: string): Size {
  const bytes = parseBytes(quantity);
  if (bytes === undefined) throw new Error(`not a memory quantity: ${JSON.stringify(quantity)}`);
  return Size.mebibytes(Math.ceil(bytes / 2 ** 20));
}

/** Small requests for helper containers (the database wait): they only run a client for seconds. */
export const HELPER_RESOURCES: ResourceSettings = {
  requests: { cpu: '10m', memory: '16Mi' },
  limits: { cpu: '100m', memory: '64Mi' },
};
