import { DockerfileParser } from 'dockerfile-ast';
import { BuildStep } from './build-stream';

/** One instruction of a Dockerfile, where it is written. */
export interface DockerfileInstruction {
  /** 1-based line of its first line in the Dockerfile. */
  readonly line: number;
  /** `RUN`, `COPY`, ... as written, upper-cased. */
  readonly keyword: string;
  /** The stage it belongs to (`FROM ... AS name`); undefined before the first FROM or in an unnamed stage. */
  readonly stage?: string;
}

/** Every instruction in order, as the builder numbers its steps (global ARGs count). */
export function dockerfileInstructions(text: string): DockerfileInstruction[] {
  let stage: string | undefined;
  return DockerfileParser.parse(text).getInstructions().map((instruction) => {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') stage = (instruction as unknown as { getBuildStage(): string | null }).getBuildStage() ?? undefined;
    return { line: instruction.getRange().start.line + 1, keyword, stage };
  });
}

/** The keyword of a step announcement, `Step 5/27 : RUN npm ci` -> `RUN`. */
function announcedKeyword(step: BuildStep): string {
  return /^Step \d+\/\d+ : (\S+)/.exec(step.line)?.[1]?.toUpperCase() ?? '';
}

/**
 * The Dockerfile instruction a build step ran. The classic builder numbers every instruction from
 * the top, stages before a `--target` included, then appends its own LABEL steps: step N is the
 * Nth instruction when its keyword agrees. Undefined when it does not (another Dockerfile).
 */
export function instructionOfStep(dockerfileText: string, step: BuildStep): DockerfileInstruction | undefined {
  const instruction = dockerfileInstructions(dockerfileText)[step.number - 1];
  return instruction && instruction.keyword === announcedKeyword(step) ? instruction : undefined;
}
