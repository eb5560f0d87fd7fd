import type { ContractWorkload } from '../contract-workload/contract-workload';
import { ResourceSettings } from '../../model/settings/types';

/** Props of DaprSidecar. */
export interface DaprSidecarProps {
  /** The workload whose pods get the sidecar (a Backend, Frontend, WebService or Worker). */
  readonly workload: ContractWorkload;
  /**
   * The Dapr app-id: service invocation's name for the app, and what `scopes` name.
   * @default - the workload's name
   */
  readonly appId?: string;
  /**
   * The port daprd calls the app on (subscriptions, bindings, invocation).
   * @default - the main container's port; none for a worker without one (daprd then only serves the app)
   */
  readonly appPort?: number;
  /**
   * The app's protocol.
   * @default 'http'
   */
  readonly appProtocol?: 'http' | 'https' | 'grpc' | 'grpcs' | 'h2c';
  /**
   * A Dapr Configuration by name (tracing, features).
   * @default - Dapr's default configuration
   */
  readonly config?: string;
  /**
   * daprd's log level.
   * @default 'info'
   */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Logs every call of the Dapr API the app makes.
   * @default true
   */
  readonly enableApiLogging?: boolean;
  /**
   * Requests and limits of the daprd container.
   * @default - requests 50m CPU / 64Mi, limits 500m CPU / 256Mi
   */
  readonly resources?: ResourceSettings;
}
