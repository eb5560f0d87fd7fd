import { ContractWorkloadProps } from '../common/pod-props';

/** Props of WebService. */
export interface WebServiceProps extends ContractWorkloadProps {
  /**
   * Port the container listens on and the Service serves.
   * @default contract.port (required without a contract)
   */
  readonly port?: number;
  /**
   * Name of the container port and the Service port (`http`, `redis`, ...).
   * @default 'http'
   */
  readonly portName?: string;
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
