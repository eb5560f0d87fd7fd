import * as path from 'path';
import { BACKEND_CONTRACT } from '../model/contract/image-contract';
import { AppCheck } from './types';

/** `app = FastAPI()`, `app: FastAPI = ...`, `from x import app`, `import x as app`, `def app(`. */
const DEFINES_APP = /^(?:app\s*(?::[^=\n]+)?=|(?:async\s+)?def\s+app\s*\(|from\s+\S+\s+import\s+(?:\([^)]*\bapp\b[^)]*\)|[^#\n(]*\bapp\b)|import\s+\S+\s+as\s+app\b)/m;

/** uvicorn imports `main:app` (the contract's entrypoint): main.py must define `app` at module level. */
export const backendAppObject: AppCheck = {
  id: 'backend-app-object',
  severity: 'error',
  summary: 'the backend has no main.py, or main.py defines no module-level app',
  run({ sources }) {
    if (sources.backendRequirements() === undefined) return []; // not a backend source directory: the build says so
    const target = BACKEND_CONTRACT.entrypoint[1] ?? 'main:app';
    const file = path.join(sources.backendDir, 'main.py');
    const text = sources.read(sources.backendDir, 'main.py');
    if (text !== undefined && DEFINES_APP.test(text)) return [];
    return [
      {
        check: this.id,
        severity: this.severity,
        file,
        problem: text === undefined ? 'does not exist' : 'defines no module-level `app`',
        why: `the image runs \`uvicorn ${target}\` in /app; uvicorn exits with "Error loading ASGI app" and the pod crash-loops`,
        fix: text === undefined
          ? 'put the entry module at the root of the backend directory as main.py, with `app = FastAPI()`'
          : 'define the ASGI app at module level in main.py (`app = FastAPI()`), or import it there (`from app.main import app`)',
      },
    ];
  },
};
