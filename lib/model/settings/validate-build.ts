/**
 * The build settings (issue 23, 25): where each component's sources are, the app's own
 * Dockerfile, what detection cannot decide (manifest, package manager, ASGI app), build
 * arguments and additional services. Read by validate.ts's checkFields.
 */
import { ASGI_APP_ALLOWED, isAsgiApp, PACKAGE_MANAGER_NAMES, PYTHON_MANIFEST_NAMES } from '../contract/app-shapes';
import { IMAGE_CONTRACTS } from '../contract/image-contract';
import { FieldChecker } from '../field-checker';
import { DNS1123_LABEL } from '../kube-names';
import { imageSettings } from './validate-image';
import { PythonSourceSettings, SourceSettings, TodoConfig } from './types';

const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A build argument is kept in the image's history (`docker history`): never a secret. */
const SECRET_ARG = /SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL/i;
/** A service's name becomes its Deployment's and image's: a DNS-1123 label. */
const SERVICE_NAME = DNS1123_LABEL;
/** Build arguments the settings derive; setting them would split the image from the manifests. */
const DERIVED_ARGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(IMAGE_CONTRACTS).flatMap((c) => c.buildArgs.map((a) => [a.name, a.name === 'NEXT_PUBLIC_API_URL' ? 'publicUrls.backend' : 'the settings'])),
);

const PATH_ALLOWED = 'a directory path, relative to the project root (e.g. "../my-app/backend") or absolute';
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 4096 && !/[\0\n\r]/.test(v);

function sourceSettings(c: FieldChecker, field: string, s: SourceSettings | undefined, required = false): void {
  if (s?.sourceDir !== undefined || required) c.check(isPath(s?.sourceDir), `${field}.sourceDir`, s?.sourceDir, PATH_ALLOWED);
  if (s?.dockerfile !== undefined) {
    c.check(isPath(s.dockerfile), `${field}.dockerfile`, s.dockerfile, 'the path of the app\'s own Dockerfile, relative to the source directory, such as "Dockerfile"');
  }
}

function pythonSettings(c: FieldChecker, field: string, s: PythonSourceSettings | undefined): void {
  if (s?.asgiApp !== undefined) c.check(isAsgiApp(s.asgiApp), `${field}.asgiApp`, s.asgiApp, ASGI_APP_ALLOWED);
  if (s?.pythonManifest !== undefined) c.oneOf(`${field}.pythonManifest`, s.pythonManifest, PYTHON_MANIFEST_NAMES);
}

/** `images.<component>.buildArgs` and `services.<name>.image.buildArgs`: names and string values, no secrets, nothing derived. */
export function buildArgsSettings(c: FieldChecker, field: string, args: unknown): void {
  if (args === undefined || !c.mapping(field, args, 'a mapping of build argument names to strings, such as { NODE_IMAGE: "mirror.example/node:22-alpine" }')) return;
  for (const [name, value] of Object.entries(args as Record<string, unknown>)) {
    const at = `${field}.${name}`;
    if (!BUILD_ARG_NAME.test(name)) {
      c.fail(at, 'is not a build argument name', 'letters, digits and "_", not starting with a digit');
    } else if (SECRET_ARG.test(name)) {
      c.fail(at, 'names a secret, and a build argument stays in the image\'s history (docker history shows it)', 'put secrets in .env: the pods get them from the Secret at run time');
    } else if (DERIVED_ARGS[name]) {
      c.fail(at, `is derived from ${DERIVED_ARGS[name]}, so the image and the manifests agree`, `set ${DERIVED_ARGS[name]} instead`);
    } else {
      c.check(typeof value === 'string' && !/[\0\n\r]/.test(value) && value.length <= 4096, at, value, 'a string on one line');
    }
  }
}

export function buildSettings(c: FieldChecker, config: TodoConfig): void {
  sourceSettings(c, 'backend', config.backend);
  pythonSettings(c, 'backend', config.backend);
  sourceSettings(c, 'frontend', config.frontend);
  if (config.frontend?.packageManager !== undefined) c.oneOf('frontend.packageManager', config.frontend.packageManager, PACKAGE_MANAGER_NAMES);
  for (const component of ['backend', 'frontend'] as const) {
    const image = config.images?.[component];
    if (typeof image === 'object' && image !== null) buildArgsSettings(c, `images.${component}.buildArgs`, image.buildArgs);
  }
  const services = config.services;
  if (services === undefined || !c.mapping('services', services, 'a mapping of service names to { sourceDir, ... }')) return;
  for (const [name, service] of Object.entries(services)) {
    const field = `services.${name}`;
    if (!SERVICE_NAME.test(name) || name.length > 40 || name === 'backend' || name === 'frontend') {
      c.fail(field, 'is not a service name', 'a DNS-1123 label of at most 40 characters (lowercase letters, digits, "-"), not "backend" or "frontend"');
      continue;
    }
    if (!c.mapping(field, service, 'a mapping with sourceDir (and optionally asgiApp, pythonManifest, dockerfile, image)')) continue;
    sourceSettings(c, field, service, true);
    pythonSettings(c, field, service);
    const image = service.image;
    if (image !== undefined && c.mapping(`${field}.image`, image, 'a mapping with repository, tag, pullPolicy or buildArgs')) {
      if (image.repository !== undefined || image.tag !== undefined || image.pullPolicy !== undefined) {
        const backend = config.images?.backend;
        imageSettings(c, `${field}.image`, { repository: `${backend?.repository ?? 'todo-backend'}-${name}`, tag: backend?.tag ?? 'dev', pullPolicy: backend?.pullPolicy ?? 'Never', ...image });
      }
      buildArgsSettings(c, `${field}.image.buildArgs`, image.buildArgs);
    }
  }
}
