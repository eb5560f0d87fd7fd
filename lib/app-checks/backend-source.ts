import { AppCheck } from './types';

/**
 * What detection cannot decide about the backend (and the services): several manifests, none, a
 * manifest or Dockerfile setting that names a file that is not there. Each names the setting.
 */
export const backendSource: AppCheck = {
  id: 'backend-source',
  severity: 'error',
  summary: "the backend's (or a service's) dependencies cannot be told: no manifest, several, or a setting naming a missing file",
  run({ shape }) {
    const pythonApps = [shape.backend, ...Object.values(shape.services)];
    return pythonApps.flatMap((app) => app.problems.filter((p) => !p.field.endsWith('.asgiApp') || app.field !== 'backend')).map((p) => ({
      check: this.id,
      severity: this.severity,
      file: p.file,
      problem: p.problem,
      why: 'the image installs from exactly one manifest, and would install the wrong dependencies (or none) from a guess',
      fix: p.fix,
    }));
  },
};

/** What detection cannot decide about the frontend: no lockfile, several, a setting naming a missing lockfile or Dockerfile. */
export const frontendSource: AppCheck = {
  id: 'frontend-source',
  severity: 'error',
  summary: "the frontend's package manager cannot be told: no lockfile, lockfiles of several, or a setting naming a missing file",
  run({ shape }) {
    return shape.frontend.problems.filter((p) => p.field !== 'frontend.migration.authConfigPath').map((p) => ({
      check: this.id,
      severity: this.severity,
      file: p.file,
      problem: p.problem,
      why: 'the image installs the dependencies with the package manager the lockfile belongs to, at the versions it pins',
      fix: p.fix,
    }));
  },
};
