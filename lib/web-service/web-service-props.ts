import { ContractWorkloadProps } from '../common/pod-props';

/** Props of WebService. */
export interface WebServiceProps extends ContractWorkloadProps {
  /**
   * HTTP path the startup, readiness and liveness probes GET (e.g. `/health`). Without one they
   * connect over TCP, which needs nothing from the app but says little about it.
   * @default - TCP connect to the container port
   */
  readonly healthCheckPath?: string;
  /**
   * Expose the Service on this fixed NodePort (30000-32767) instead of only inside the cluster.
   * @default - a ClusterIP Service
   */
  readonly nodePort?: number;
}
