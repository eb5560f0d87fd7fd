import { AppCheck } from './types';

/**
 * uvicorn imports the ASGI app (`main:app` by the contract, or backend.asgiApp, or the one
 * FastAPI app the sources define): it must be there, and be one.
 */
export const backendAppObject: AppCheck = {
  id: 'backend-app-object',
  severity: 'error',
  summary: 'the backend\'s ASGI app cannot be found: backend.asgiApp names none, main.py defines no app, and the sources define not exactly one FastAPI app',
  run({ shape }) {
    const backend = shape.backend;
    if (backend.ownDockerfile || !backend.manifest) return []; // the own Dockerfile's command, or no backend sources: other checks say so
    return backend.asgi.problems.map((p) => ({
      check: this.id,
      severity: this.severity,
      file: p.file,
      problem: p.problem,
      why: 'the image runs `uvicorn <module>:<attribute> --host 0.0.0.0 --port 8000` in /app; without the app uvicorn exits with "Error loading ASGI app" and the pod crash-loops',
      fix: p.fix,
    }));
  },
};
