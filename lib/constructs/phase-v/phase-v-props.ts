import type { ContractWorkload } from '../contract-workload/contract-workload';
import { TodoConfig } from '../../model/settings/types';

/** Props of PhaseV. */
export interface PhaseVProps {
  /** The settings: `dapr` (enabled) and, for an in-cluster broker, `kafka`. */
  readonly config: TodoConfig;
  /** The workloads that get a sidecar under `dapr.appIds` (the chart's backend and frontend). */
  readonly backend: ContractWorkload;
  readonly frontend: ContractWorkload;
}
