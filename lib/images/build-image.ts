import * as fs from 'fs';
import * as path from 'path';
import Docker from 'dockerode';
import { CONTRACT_VERSION } from '../model/contract/image-contract';
import { BuildStep, BuildStreamEvent, BuildStreamResult, readBuildStream } from './build-stream';
import { ContextEntry, RESERVED_DOCKERFILE, scanContext } from './context-scan';
import { packContext } from './context-tar';
import { explainDockerError, isUnreachableError } from './docker-endpoint';
import { engineDeadlines, engineEndpoint, inspectImage, withDeadline } from './engine-call';
import { BuildStepError, DockerTimeoutError, ImageBuildError, MissingInputError, NotDockerEngineError, UnreadableInputError } from './errors';
import { defaultIgnoreFiles, readIgnoreRuleSet } from './ignore-rules';
import { baseImageReferences, resolveBaseImages } from './base-images';
import { hashBuildInputs, tagForInputs, withBaseImages } from './input-hash';
import { INPUTS_HASH_LABEL, imageLabels } from './labels';
import { checkImageSize } from './size';
import { instructionOfStep } from './dockerfile-steps';
import { stepErrorLines } from './step-error-lines';
import { inputFileProblem } from '../util/read-input-file';

/** Everything needed to build one image, independent of where the engine is. */
export interface ImageBuildPlan {
  /** Name for messages and progress, e.g. `backend`. */
  readonly name: string;
  /** The app's source directory, sent (filtered) as the build context. */
  readonly contextDir: string;
  readonly dockerfile: string;
  /** Ignore files, combined as described in ./ignore-rules.ts. Default: `defaultIgnoreFiles`. */
  readonly ignoreFiles?: readonly string[];
  /** Files, relative to the context, that must exist and be sent (e.g. requirements.txt). */
  readonly requiredFiles: readonly string[];
  /** `--build-arg`s; also recorded as labels and in the lock. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** The repository to tag; the tag comes from the inputs. */
  readonly repository: string;
  /** Extra labels; those of ./labels.ts (contract version, build args) take precedence. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The image must be smaller than this. */
  readonly maxSizeBytes: number;
  /** Build every step afresh (`docker build --no-cache`). */
  readonly noCache?: boolean;
  /**
   * Dockerfile stage to build (`docker build --target`).
   * @default the last stage
   */
  readonly target?: string;
  /**
   * Appended to the content tag, so another target of the same inputs gets its own tag
   * (the frontend's migration image: `sha-<12 hex>-migrate`).
   * @default ''
   */
  readonly tagSuffix?: string;
  /**
   * The tag to give instead of the content tag: a migration image prepared on its own (the app's
   * own Dockerfile has no migrate target) keeps its app image's tag plus the suffix, as the lock
   * expects; reuse is still decided by its own inputs.
   * @default the content tag (plus tagSuffix)
   */
  readonly tag?: string;
}

/** A built image that passed its size check. */
export interface BuiltImage {
  readonly name: string;
  readonly repository: string;
  readonly tag: string;
  /** `repository:tag`. */
  readonly reference: string;
  readonly imageId: string;
  readonly sizeBytes: number;
  readonly contractVersion: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** The sha256 the tag was cut from: sources, Dockerfile, build arguments and base image IDs. */
  readonly inputHash: string;
  /** Engine image ID of each base image the Dockerfile starts FROM. */
  readonly baseImageIds: Readonly<Record<string, string>>;
  /** Bytes of the context tar sent to the engine. */
  readonly contextBytes: number;
  readonly contextEntries: readonly ContextEntry[];
  readonly steps: readonly BuildStep[];
  /**
   * The engine already had this image, built from the same inputs: nothing was sent or built.
   * @default false
   */
  readonly reused?: boolean;
}

/** What a build reports while it runs, for ./progress-reporter.ts. */
export type BuildProgress = { readonly name: string } & (
  | BuildStreamEvent
  | { readonly kind: 'context'; readonly bytes: number; readonly entries: number }
  | { readonly kind: 'built'; readonly image: BuiltImage }
  | { readonly kind: 'failed'; readonly error: Error }
);

export type ProgressListener = (event: BuildProgress) => void;

/** A plan whose inputs were checked and read: what goes into the tar, and its hash. */
export interface PreparedBuild {
  readonly plan: ImageBuildPlan;
  readonly dockerfileText: string;
  readonly entries: readonly ContextEntry[];
  /** sha256 of the sources, the Dockerfile and the build arguments (base images come in runBuild). */
  readonly inputHash: string;
  /** The base images the Dockerfile starts FROM, as the engine will resolve them. */
  readonly baseImages: readonly string[];
}

/** A failed read of one input as an error naming the image and the path; other errors as they are. */
function readError(image: string, what: string, err: unknown, file?: string): Error {
  const e = err as NodeJS.ErrnoException;
  // Some fs errors (EISDIR from a read) carry no path: the caller names it.
  const where = typeof e?.path === 'string' ? e.path : file;
  if (err instanceof ImageBuildError || !e?.code || where === undefined) return err as Error;
  if (e.code === 'ENOENT') return new MissingInputError(image, what, where);
  if (e.code === 'ENOTDIR') return new MissingInputError(image, what, where, 'does not exist (part of its path is a file)');
  if (e.code === 'EISDIR') return new MissingInputError(image, what, where, 'is a directory, not a file');
  return new UnreadableInputError(image, what, where, e.code);
}

/** Checks the context is a readable directory, naming what it is instead. */
function checkContextDir(image: string, contextDir: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(contextDir, { throwIfNoEntry: false });
  } catch (err) {
    throw readError(image, 'build context directory', err);
  }
  if (!stat) throw new MissingInputError(image, 'build context directory', contextDir);
  if (!stat.isDirectory()) throw new MissingInputError(image, 'build context directory', contextDir, 'is not a directory');
}

/** What a failed read during the scan or the hash was: a directory could not be listed, or a file read. */
function contextReadError(image: string, err: unknown): Error {
  const syscall = (err as NodeJS.ErrnoException)?.syscall;
  return readError(image, syscall === 'scandir' || syscall === 'opendir' ? 'build context directory' : 'build context file', err);
}

/**
 * Checks that the context, the Dockerfile, the ignore files and the required files exist (each
 * error names the path), scans the filtered context and hashes it. Touches no engine.
 */
export async function prepareBuild(plan: ImageBuildPlan): Promise<PreparedBuild> {
  const contextDir = path.resolve(plan.contextDir);
  checkContextDir(plan.name, contextDir);

  let dockerfileText: string;
  try {
    dockerfileText = fs.readFileSync(path.resolve(plan.dockerfile), 'utf8');
  } catch (err) {
    throw readError(plan.name, 'Dockerfile', err, path.resolve(plan.dockerfile));
  }

  const ignoreFiles = plan.ignoreFiles ?? defaultIgnoreFiles(plan.dockerfile, contextDir);
  for (const file of ignoreFiles) {
    if (!fs.existsSync(file)) throw new MissingInputError(plan.name, 'ignore file', path.resolve(file));
  }
  const rules = ignoreFiles.map((file) => {
    try {
      return readIgnoreRuleSet(file);
    } catch (err) {
      throw readError(plan.name, 'ignore file', err, path.resolve(file));
    }
  });

  for (const required of plan.requiredFiles) {
    const full = path.join(contextDir, required);
    if (!fs.existsSync(full)) throw new MissingInputError(plan.name, 'required file', full);
    // A FIFO or device is left out of the context (and would hang a reader): name it here.
    const problem = inputFileProblem(full);
    if (problem?.problem === 'NOT_REGULAR') throw new MissingInputError(plan.name, 'required file', full, problem.description);
  }
  const entries = await scanContext(contextDir, rules).catch((err) => {
    throw contextReadError(plan.name, err);
  });
  const sent = new Set(entries.map((e) => e.path));
  for (const required of plan.requiredFiles) {
    if (!sent.has(required)) {
      throw new MissingInputError(plan.name, 'required file', path.join(contextDir, required), `is excluded from the build context by ${ignoreFiles.join(' or ')}`);
    }
  }

  const inputHash = await hashBuildInputs({ contextDir, entries, dockerfileText, buildArgs: plan.buildArgs }).catch((err) => {
    throw contextReadError(plan.name, err);
  });
  const baseImages = baseImageReferences(dockerfileText, plan.buildArgs);
  return { plan: { ...plan, contextDir }, dockerfileText, entries, inputHash, baseImages };
}

/** The message of an HTTP error from dockerode, without its `(HTTP code 500) server error -` wrapper. */
function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e?.json?.message || e?.message?.replace(/^\(HTTP code \d+\) [^-]* - /, '').trim() || String(err);
}

/** A lost connection as DockerUnreachableError; anything else the engine said as a failed build. */
function engineError(docker: Docker, err: unknown, name: string, what: string, stream?: BuildStreamResult): Error {
  if (err instanceof DockerTimeoutError || err instanceof NotDockerEngineError) return err;
  if (isUnreachableError(err)) return explainDockerError(docker, err);
  const steps = stream?.steps ?? [];
  return new BuildStepError(name, steps[steps.length - 1]?.line, `${what}: ${engineMessage(err)}`, stream?.logTail ?? []);
}

/** The Dockerfile's path as the user would type it: relative when under the working directory. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The failed step, where the Dockerfile has it, and the lines of its output that say why. */
function failedStep(prepared: PreparedBuild, result: BuildStreamResult): BuildStepError {
  const step: BuildStep | undefined = result.steps[result.steps.length - 1];
  const instruction = step ? instructionOfStep(prepared.dockerfileText, step) : undefined;
  const { lines, fallback } = stepErrorLines(result.stepOutput, result.error);
  return new BuildStepError(prepared.plan.name, step?.line, result.error ?? 'unknown error', result.logTail, {
    dockerfile: displayPath(path.resolve(prepared.plan.dockerfile)),
    line: instruction?.line,
    stage: instruction?.stage,
    errorLines: lines,
    fallback,
    outputLines: result.stepOutputLines,
  });
}

/**
 * Resolves the base images (pulling missing ones), derives the tag, sends the context to the
 * engine, follows the build, then checks the image's size.
 * Emits progress events ending with `built`.
 * Throws BuildStepError (failing step + log tail), ImageSizeError or DockerUnreachableError.
 */
export async function runBuild(docker: Docker, prepared: PreparedBuild, onProgress: ProgressListener = () => undefined): Promise<BuiltImage> {
  const { plan, entries } = prepared;
  const name = plan.name;
  let baseImageIds: Record<string, string>;
  try {
    baseImageIds = await resolveBaseImages(docker, name, prepared.baseImages);
  } catch (err) {
    throw isUnreachableError(err) ? explainDockerError(docker, err) : err;
  }
  const inputHash = withBaseImages(prepared.inputHash, baseImageIds);
  const tag = plan.tag ?? tagForInputs(inputHash) + (plan.tagSuffix ?? '');
  const reference = `${plan.repository}:${tag}`;
  // Same inputs, same tag: an image the engine already holds under it is this build's result.
  const existing = plan.noCache ? undefined : await reusableImage(docker, reference, inputHash);
  if (existing) {
    checkImageSize(name, reference, existing.Size, plan.maxSizeBytes);
    const reused: BuiltImage = {
      name, repository: plan.repository, tag, reference, imageId: existing.Id, sizeBytes: existing.Size, contractVersion: CONTRACT_VERSION,
      buildArgs: { ...plan.buildArgs }, inputHash, baseImageIds, contextBytes: 0, contextEntries: entries, steps: [], reused: true,
    };
    onProgress({ name, kind: 'built', image: reused });
    return reused;
  }
  // One deadline over sending the context and following the build: it fails only when no byte
  // moves either way for the idle deadline (a silent RUN step counts as silence).
  const call = `POST /build (${name}: sending the context, then following the build)`;
  let packed: ReturnType<typeof packContext> | undefined;
  let result: BuildStreamResult;
  try {
    result = await withDeadline(
      docker,
      call,
      engineDeadlines(docker).idleMs,
      async ({ signal, alive }) => {
        const context = packContext(plan.contextDir, entries, prepared.dockerfileText, alive);
        packed = context;
        void context.sent.then((bytes) => onProgress({ name, kind: 'context', bytes, entries: entries.length }));
        signal.addEventListener('abort', () => context.stream.destroy());
        let response: NodeJS.ReadableStream;
        try {
          response = await docker.buildImage(context.stream, {
            t: reference,
            dockerfile: RESERVED_DOCKERFILE,
            buildargs: { ...plan.buildArgs },
            labels: { ...plan.labels, ...imageLabels(name, tag, inputHash, plan.buildArgs) },
            nocache: Boolean(plan.noCache),
            ...(plan.target ? { target: plan.target } : {}),
            rm: true,
            forcerm: true,
            abortSignal: signal,
          } as Docker.ImageBuildOptions);
        } catch (err) {
          context.stream.destroy();
          throw context.failure() ?? engineError(docker, err, name, 'the Docker Engine refused the build');
        }
        response.on('data', alive);
        try {
          return await readBuildStream(response, (event) => onProgress({ name, ...event }));
        } catch (err) {
          throw context.failure() ?? engineError(docker, err, name, 'reading the build output failed');
        }
      },
      true,
    );
  } catch (err) {
    const unreadable = packed?.failure();
    throw unreadable ? readError(name, 'build context file', unreadable) : err;
  }
  if (result.error !== undefined) throw failedStep(prepared, result);
  if (result.steps.length === 0) {
    throw new NotDockerEngineError(engineEndpoint(docker), `POST /build answered without a single build step (${result.logTail.slice(-1)[0] ?? 'no output'})`);
  }

  let info: Docker.ImageInspectInfo;
  try {
    info = await inspectImage(docker, reference);
  } catch (err) {
    throw engineError(docker, err, name, `the build ended but ${reference} cannot be inspected`, result);
  }
  checkImageSize(name, reference, info.Size, plan.maxSizeBytes);

  const built: BuiltImage = {
    name,
    repository: plan.repository,
    tag,
    reference,
    imageId: info.Id,
    sizeBytes: info.Size,
    contractVersion: CONTRACT_VERSION,
    buildArgs: { ...plan.buildArgs },
    inputHash,
    baseImageIds,
    contextBytes: packed?.bytesSent() ?? 0,
    contextEntries: entries,
    steps: result.steps,
  };
  onProgress({ name, kind: 'built', image: built });
  return built;
}

/** The engine's image under `reference` when its inputs label says it was built from `inputHash`. */
async function reusableImage(docker: Docker, reference: string, inputHash: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    const info = await docker.getImage(reference).inspect();
    return info.Config?.Labels?.[INPUTS_HASH_LABEL] === inputHash ? info : undefined;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw isUnreachableError(err) ? explainDockerError(docker, err) : err;
  }
}

/** Reports a failure to the listener before passing it on. */
export async function reportingFailure<T>(name: string, onProgress: ProgressListener, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    onProgress({ name, kind: 'failed', error: err as Error });
    throw err;
  }
}

/** Builds one image: `prepareBuild`, then `runBuild`. The path `npm run images` takes for each image. */
export async function buildImage(options: ImageBuildPlan & { docker: Docker; onProgress?: ProgressListener }): Promise<BuiltImage> {
  const { docker, onProgress = () => undefined, ...plan } = options;
  return reportingFailure(plan.name, onProgress, async () => runBuild(docker, await prepareBuild(plan), onProgress));
}
