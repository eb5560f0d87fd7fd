/**
 * The Kubernetes API server's own validation at synth, offline and in process: `validator/`
 * (Go, built from k8s.io/kubernetes at the test cluster's version by `npm run validator`) runs
 * here as WebAssembly and answers, for each object, what a server-side dry-run create with strict
 * field validation answers, Pod Security admission and custom resources included.
 *
 *   const handle = findValidator(defaultLocateOptions(projectRoot, process.env));
 *   if (!handle) console.warn(VALIDATOR_NOT_INSTALLED);
 *   else for (const r of validateObjects(handle, objects, { defaultPodSecurity: { enforce: 'restricted' } })) ...
 */
export { defaultLocateOptions, findValidator, kubeVersionIn, sourceHash, VALIDATOR_BUILD_COMMAND, VALIDATOR_NOT_INSTALLED, validatorWasmPath } from './locate';
export type { LocateOptions, ValidatorHandle } from './locate';
export { prepareValidator, runValidator, startValidator, validateObjects, ValidatorError } from './run';
export type { ValidateOptions } from './run';
export type { FieldCause, ObjectValidation, PodSecurityLevel, ServedResource, ValidatorInput, ValidatorOutput } from './types';
