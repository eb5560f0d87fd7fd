import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ChartMetadata, HelmChartOptions, chartMetadataFor } from './chart-metadata';
import { helmChartFiles } from './helm-chart';
import { OutputFile, PublishHook, publishFiles } from './publish';
import { createRunDir, removeLeftovers } from './staging';
import { Synthesis } from './synthesize';

/** What synth writes: plain manifests for `kubectl apply -f`, or a Helm chart. */
export type OutputFormat = 'manifests' | 'helm';

/** The one file of the manifests format: every chart of the app, in one YAML stream. */
export const MANIFEST_FILE = 'todo.k8s.yaml';

/** Where and how to publish. */
export interface PublishOptions {
  readonly format: OutputFormat;
  /** Project root: staging happens in `<root>/.synth/runs/`, package.json names the Helm chart. */
  readonly root: string;
  /**
   * Output directory, replaced file by file by rename (see publishFiles).
   * @default `<root>/dist`, or `<root>/dist-chart` for the `helm` format
   */
  readonly outDir?: string;
  /**
   * Chart.yaml's fields (`helm` format only).
   * @default from package.json and the settings
   */
  readonly chart?: HelmChartOptions;
  /**
   * Called between publish steps (tests kill the process there).
   * @default - nothing
   */
  readonly hook?: PublishHook;
}

/** What was published. */
export interface Publication {
  readonly outDir: string;
  /** Published files, relative to outDir. */
  readonly files: readonly string[];
  /** Chart.yaml's fields (`helm` format only). */
  readonly chart?: ChartMetadata;
}

/** The default output directory of a format. */
export function defaultOutDir(root: string, format: OutputFormat): string {
  return path.join(root, format === 'helm' ? 'dist-chart' : 'dist');
}

/** The files of a synthesis in a format, without writing them. */
export function outputFiles(synthesis: Synthesis, format: OutputFormat, root: string, chart?: HelmChartOptions): { files: OutputFile[]; chart?: ChartMetadata } {
  const stringify = (docs: readonly any[]) => Yaml.stringify(...docs);
  if (format === 'manifests') return { files: [{ path: MANIFEST_FILE, content: stringify(synthesis.objects) }] };
  const meta = chartMetadataFor(root, synthesis.charts[0].settings, chart);
  return { files: helmChartFiles(meta, synthesis.objects, (docs) => stringify(docs)), chart: meta };
}

/**
 * Publishes a synthesis atomically: staged in its own directory under `.synth/runs/`, then
 * renamed into the output directory file by file (publishFiles). Any failure before the first
 * rename leaves the output directory exactly as it was.
 */
export function publish(synthesis: Synthesis, options: PublishOptions): Publication {
  const outDir = path.resolve(options.outDir ?? defaultOutDir(options.root, options.format));
  const { files, chart } = outputFiles(synthesis, options.format, options.root, options.chart);
  options.hook?.('checked');
  removeLeftovers(options.root);
  const runDir = createRunDir(options.root);
  try {
    publishFiles(outDir, runDir, files, options.hook);
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  return { outDir, files: files.map((f) => f.path), chart };
}
