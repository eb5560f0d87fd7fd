import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { PodWorkload } from '../common/pod-workload';
import { FieldChecker } from '../../model/field-checker';
import { shapeIssues } from '../common/props-shape';
import { BatchJobProps } from './batch-job-props';

/**
 * A task that runs to completion: a one-off Job, or a CronJob with `schedule`. Its pods are
 * hardened like every other workload's (restricted security context as the image's numeric
 * user, read-only root with emptyDirs for the writable paths, resources, no token, no service
 * links) and, given a `database`, it gets `DATABASE_URL`, the `wait-for-database` init container
 * and admission by the database's NetworkPolicy. A nightly `vacuumdb`, a data import.
 */
export class BatchJob extends PodWorkload<kplus.Job | kplus.CronJob> {
  /** The plus-30 Job (one-off) or CronJob (scheduled). */
  public readonly job: kplus.Job | kplus.CronJob;

  constructor(scope: Construct, id: string, props: BatchJobProps) {
    const c = new FieldChecker();
    if (new.target === BatchJob) c.absorb(shapeIssues('BatchJobProps', props));
    if (props.backoffLimit !== undefined) c.integer('backoffLimit', props.backoffLimit, 0, 100);
    if (props.successfulJobsRetained !== undefined) c.integer('successfulJobsRetained', props.successfulJobsRetained, 0, 100);
    if (props.failedJobsRetained !== undefined) c.integer('failedJobsRetained', props.failedJobsRetained, 0, 100);
    if (!props.schedule) {
      for (const prop of ['timeZone', 'concurrencyPolicy', 'successfulJobsRetained', 'failedJobsRetained'] as const) {
        if (props[prop] !== undefined) c.check(false, prop, props[prop], 'unset without a schedule (a one-off Job has none)');
      }
    } else if (props.ttlAfterFinished !== undefined && (props.successfulJobsRetained !== undefined || props.failedJobsRetained !== undefined)) {
      c.check(false, 'ttlAfterFinished', props.ttlAfterFinished.toHumanString(), 'unset with successfulJobsRetained or failedJobsRetained (it would delete the runs they keep)');
    }
    const jobProps = { backoffLimit: props.backoffLimit, activeDeadline: props.activeDeadline, ttlAfterFinished: props.ttlAfterFinished };
    super(scope, id, props, c, {}, props.schedule
      ? {
        podSpecPath: '/spec/jobTemplate/spec/template/spec',
        create: (self, pod) => new kplus.CronJob(self, 'cron-job', {
          ...pod,
          ...jobProps,
          schedule: props.schedule!,
          timeZone: props.timeZone,
          concurrencyPolicy: props.concurrencyPolicy,
          successfulJobsRetained: props.successfulJobsRetained,
          failedJobsRetained: props.failedJobsRetained,
        }),
      }
      : { podSpecPath: '/spec/template/spec', create: (self, pod) => new kplus.Job(self, 'job', { ...pod, ...jobProps }) });
    this.job = this.podController;
  }
}
