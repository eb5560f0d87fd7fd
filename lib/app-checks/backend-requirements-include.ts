import { AppCheck } from './types';

/**
 * The image installs the backend's dependencies from requirements.txt alone: the Dockerfile's
 * dependency step copies requirements.txt (and the lockfiles) before `pip install -r`, so a file
 * it names with `-r` or `-c` is not there yet and pip stops late, after the base image is pulled.
 */
export const backendRequirementsInclude: AppCheck = {
  id: 'backend-requirements-include',
  severity: 'error',
  summary: "the backend's requirements.txt names other files (-r, -c) the image build does not copy",
  run({ shape }) {
    const backend = shape.backend;
    if (backend.ownDockerfile || backend.manifest !== 'requirements.txt' || !backend.dependencies) return [];
    return backend.dependencies.includes.map((include) => ({
      check: this.id,
      severity: this.severity,
      file: backend.dependencyFile!,
      problem: `${include.from === 'requirements.txt' ? '' : `through ${include.from}, `}names ${include.file} with ${include.option}`,
      why: `the image copies only requirements.txt (and the lockfiles) before \`pip install -r requirements.txt\`, so ${include.file} is not there and pip stops with "Could not open requirements file"`,
      fix: `put the lines of ${include.file} into requirements.txt itself, or build with your own Dockerfile (backend.dockerfile) that copies it first`,
    }));
  },
};
