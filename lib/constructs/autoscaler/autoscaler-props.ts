import { AutoscalingOptions, IScalableWorkload } from '../common/autoscaling-options';

export { AutoscalingOptions };

/** Props of Autoscaler. */
export interface AutoscalerProps extends AutoscalingOptions {
  /** The Deployment to scale (a WebService or Worker built without `replicas`). */
  readonly workload: IScalableWorkload;
}
