import { ExplainedError } from '../util/explained-error';
/**
 * Every way `npm run images` can fail, each naming the thing that is wrong. The CLI prints the
 * message and exits non-zero; none of them is thrown after the lock file was written.
 */

/** Base class, so callers can tell an expected failure (print the message) from a bug (print the stack). */
export class ImageBuildError extends ExplainedError {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The Docker Engine could not be reached at the endpoint that was tried. */
export class DockerUnreachableError extends ImageBuildError {
  constructor(public readonly endpoint: string, cause: string) {
    super(
      `Cannot reach the Docker Engine at ${endpoint} (${cause}).\n` +
        'Start Docker (Docker Desktop, or `sudo systemctl start docker`), or point at the engine of your cluster:\n' +
        '  minikube:     eval $(minikube docker-env)\n' +
        '  other engine: export DOCKER_HOST=unix:///path/to/docker.sock or tcp://host:2376 ' +
        '(with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH for TLS)',
    );
  }
}

/** The engine accepted a call but did not finish it in time; names the endpoint and the call. */
export class DockerTimeoutError extends ImageBuildError {
  constructor(public readonly endpoint: string, public readonly call: string, public readonly deadlineMs: number, idle: boolean) {
    super(
      `The Docker Engine at ${endpoint} ${idle ? `sent and took nothing for ${deadlineMs / 1000}s during ${call}` : `did not answer ${call} within ${deadlineMs / 1000}s`}, so it was given up.\n` +
        'The engine may be hung or overloaded, or DOCKER_HOST points at something that accepts connections but does not answer like ' +
        'a Docker Engine. Check it with `docker info`; raise the deadline with TODO_DOCKER_TIMEOUT=<seconds> (one request) ' +
        'or TODO_DOCKER_IDLE_TIMEOUT=<seconds> (silence during a pull or build step).',
    );
  }
}

/** Something answered at the endpoint, but not as a Docker Engine does. */
export class NotDockerEngineError extends ImageBuildError {
  constructor(public readonly endpoint: string, answer: string) {
    super(
      `${endpoint} is not a Docker Engine: ${answer}.\n` +
        'Point DOCKER_HOST at the Docker Engine API: unix:///var/run/docker.sock, tcp://host:2376 with DOCKER_TLS_VERIFY=1, ' +
        'or eval $(minikube docker-env) for minikube.',
    );
  }
}

/** A file or directory of a build context, or an input of the build, cannot be read. */
export class UnreadableInputError extends ImageBuildError {
  constructor(public readonly image: string, public readonly what: string, public readonly path: string, public readonly code: string | undefined) {
    super(
      `${image}: ${what} ${path} cannot be read (${code ?? 'unknown error'}${code === 'EACCES' || code === 'EPERM' ? ': permission denied' : ''}). ` +
        (what.startsWith('build context') ? 'Make it readable by the user running npm run images, or exclude it in the image\'s .dockerignore.' : 'Make it readable by the user running npm run images.'),
    );
  }
}

/** The Docker endpoint settings in the environment cannot be used (bad DOCKER_HOST, missing cert file). */
export class DockerEndpointError extends ImageBuildError {}

/** A directory or file the build needs does not exist (or is excluded from the build context). */
export class MissingInputError extends ImageBuildError {
  constructor(public readonly image: string, public readonly what: string, public readonly path: string, detail = 'does not exist') {
    super(`${image}: ${what} ${path} ${detail}` + (what === 'build context directory' ? `\nPoint at the ${image} sources with --${image}-dir DIR or TODO_${image.toUpperCase()}_DIR=DIR.` : ''));
  }
}

/** A base image is neither in the engine nor pullable from its registry. */
export class BaseImageError extends ImageBuildError {
  constructor(public readonly image: string, public readonly baseImage: string, cause: string) {
    super(
      `${image}: base image ${baseImage} is not in the Docker Engine and pulling it failed (${cause}).\n` +
        `Pull or load it into the engine you build with, or point the base image argument at a mirror ` +
        `with --build-arg <ARG>=<registry>/<image> (npm run images -- --help lists the arguments).`,
    );
  }
}

/** Where a failed step is written and what it printed, for the failure report. */
export interface FailedStepDetail {
  /** The Dockerfile as the user names it (relative to the working directory when inside it). */
  readonly dockerfile: string;
  /** 1-based line of the step's instruction; undefined when it could not be matched. */
  readonly line?: number;
  /** The stage it belongs to (`FROM ... AS name`). */
  readonly stage?: string;
  /** The lines of the step's output that carry the error (./step-error-lines.ts). */
  readonly errorLines: readonly string[];
  /** True when no line looked like an error and errorLines are the step's last lines. */
  readonly fallback: boolean;
  /** How many lines the step printed in all. */
  readonly outputLines: number;
}

function failedStepReport(image: string, step: string | undefined, error: string, detail: FailedStepDetail): string {
  const where = `${detail.dockerfile}${detail.line ? `:${detail.line}` : ''}${detail.stage ? ` (stage "${detail.stage}")` : ''}`;
  // A long RUN arrives as one line (continuations joined): its start names it.
  const announced = step && step.length > 160 ? `${step.slice(0, 157)}...` : step;
  const heading = announced ? `${image}: build failed at ${where}, ${announced}` : `${image}: build failed before the first step of ${detail.dockerfile} started`;
  const shown = detail.errorLines.length;
  const what = detail.fallback ? `its last ${shown} lines of output (none looks like an error)` : `the lines of its output that carry the error`;
  const of = `${shown === detail.outputLines ? '' : ` (of ${detail.outputLines}; --verbose prints them all)`}`;
  return (
    `${heading}\n` +
    `  error: ${error}\n` +
    (shown ? `  ${what}${of}:\n${detail.errorLines.map((l) => `    | ${l}`).join('\n')}` : '  (the step printed nothing)')
  );
}

/** A Dockerfile step failed; the message carries the step, where it is written and the lines that say why. */
export class BuildStepError extends ImageBuildError {
  constructor(
    public readonly image: string,
    public readonly step: string | undefined,
    public readonly error: string,
    public readonly logTail: readonly string[],
    /** @default undefined: the engine failed rather than a step (the report shows the log's tail) */
    public readonly detail?: FailedStepDetail,
  ) {
    super(
      detail
        ? failedStepReport(image, step, error, detail)
        : `${image}: build failed at ${step ? `"${step}"` : 'an unknown step (before the first step started)'}\n` +
            `  error: ${error}\n` +
            (logTail.length ? `  last ${logTail.length} lines of output:\n${logTail.map((l) => `    | ${l}`).join('\n')}` : '  (no output)'),
    );
  }
}

/** The built image is not smaller than the contract's size target. */
export class ImageSizeError extends ImageBuildError {
  constructor(message: string, public readonly sizeBytes: number, public readonly maxSizeBytes: number) {
    super(message);
  }
}

/** Loading the images into a kind cluster failed, or the kind CLI is missing. */
export class KindLoadError extends ImageBuildError {}

/** A build input the user gave (a --build-arg, a base image setting) cannot be used. */
export class BuildInputError extends ImageBuildError {}

/** Several images failed; each error is kept and printed. */
export class ImageBuildsFailedError extends ImageBuildError {
  constructor(public readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join('\n\n'));
  }
}
