export { synthesize, instancesOf, Synthesis, SynthesizedChart, SynthesizeOptions, SynthError } from './synthesize';
export { publish, outputFiles, defaultOutDir, MANIFEST_FILE, OutputFormat, PublishOptions, Publication } from './output';
export { PublishError } from './publish';
export { runPipeline, PipelineOptions, PipelineResult } from './run';
