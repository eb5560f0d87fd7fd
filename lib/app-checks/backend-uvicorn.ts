import { pythonManifestShape } from '../model/contract/app-shapes';
import { AppCheck } from './types';

/** The backend image's entrypoint is uvicorn; the manifest it installs from must bring it. */
export const backendUvicorn: AppCheck = {
  id: 'backend-uvicorn',
  severity: 'error',
  summary: "the backend's dependencies (requirements.txt or pyproject.toml) lack uvicorn",
  run({ shape }) {
    const backend = shape.backend;
    const deps = backend.dependencies;
    if (backend.ownDockerfile || !deps || !backend.manifest || deps.has('uvicorn')) return [];
    const where = backend.manifest === 'requirements.txt' ? 'requirements.txt' : 'the [project] dependencies of pyproject.toml';
    return [
      {
        check: this.id,
        severity: this.severity,
        file: backend.dependencyFile!,
        problem: `does not list uvicorn (the image installs with ${pythonManifestShape(backend.manifest).install.split(' (')[0]})`,
        why: `the image runs \`uvicorn ${backend.asgi.asgiApp ?? '<app>'} --host 0.0.0.0 --port 8000\`; without uvicorn the container exits at start (uvicorn: not found) and the pod crash-loops`,
        fix: `add \`uvicorn[standard]\` to ${where}${backend.manifest === 'uv.lock' ? ' (uv add uvicorn[standard])' : backend.manifest === 'poetry.lock' ? ' (poetry add uvicorn[standard])' : ''}`,
      },
    ];
  },
};
