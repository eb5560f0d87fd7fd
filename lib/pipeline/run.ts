import { App } from 'cdk8s';
import { publish, Publication, PublishOptions } from './output';
import { synthesize, Synthesis, SynthesizeOptions } from './synthesize';

/** Options of the pipeline: what to synthesize and check, and where to write the result. */
export interface PipelineOptions extends SynthesizeOptions {
  /**
   * Write the manifests or the Helm chart: the format, the output directory, Chart.yaml's fields.
   * Needs `root` (staging happens under it).
   * @default - nothing is written (deploy, status and down act on the objects)
   */
  readonly output?: Omit<PublishOptions, 'root'>;
}

/** What the pipeline gave: the checked objects, and what it wrote when asked to. */
export interface PipelineResult {
  readonly synthesis: Synthesis;
  /** @default - undefined when `output` was not given */
  readonly publication?: Publication;
}

/**
 * The one pipeline every command runs on the app main.ts built: synthesize and check every chart
 * (throws a SynthError, a ConfigError or a CheckError naming every problem), then, when asked,
 * publish the result atomically (throws a PublishError). Reads no environment, never exits.
 */
export function runPipeline(app: App, options: PipelineOptions): PipelineResult {
  const synthesis = synthesize(app, options);
  if (!options.output) return { synthesis };
  if (!options.root) throw new TypeError('runPipeline: output needs root (the project directory)');
  return { synthesis, publication: publish(synthesis, { ...options.output, root: options.root }) };
}
