import * as path from 'path';
import { BACKEND_CONTRACT } from '../model/contract/image-contract';
import { AppCheck } from './types';

/** The backend image's entrypoint is uvicorn (the contract's); requirements.txt must install it. */
export const backendUvicorn: AppCheck = {
  id: 'backend-uvicorn',
  severity: 'error',
  summary: "the backend's requirements.txt lacks uvicorn",
  run({ sources }) {
    const requirements = sources.backendRequirements();
    if (!requirements || requirements.has('uvicorn')) return [];
    return [
      {
        check: this.id,
        severity: this.severity,
        file: path.join(sources.backendDir, 'requirements.txt'),
        problem: 'does not list uvicorn',
        why: `the image's entrypoint is \`${BACKEND_CONTRACT.entrypoint.join(' ')}\`; without uvicorn the container exits at start (uvicorn: not found) and the pod crash-loops`,
        fix: 'add `uvicorn[standard]` to requirements.txt',
      },
    ];
  },
};
