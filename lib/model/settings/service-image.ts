/**
 * The image of an additional service (settings `services.<name>`), for the Worker or WebService
 * that runs it in main.ts: one line per service,
 *
 *   new Worker(chart, 'notifier', { ...serviceImage(settings, 'notifier'), command: ['python', 'worker.py'] });
 *
 * Its image is the one `npm run images` / `npm run deploy` built from the service's directory
 * (pinned by the images lock), its contract the backend's (port 8000, uid 10001, /tmp writable),
 * serving the service's ASGI app unless the workload gives a command.
 */
import { runtimeImage } from './runtime-image';
import { ImageSettings, TodoConfig } from './types';
import { BACKEND_CONTRACT, ImageContract } from '../contract/image-contract';
import { ExplainedError } from '../../util/explained-error';

/**
 * A service image's contract: the backend's Dockerfile, so its port, user, workdir and writable
 * paths, but none of the backend's required env (a service needs what its own code reads: give it
 * `env` on the workload).
 */
export const SERVICE_CONTRACT: ImageContract = { ...BACKEND_CONTRACT, runtimeEnv: [] };

/** What a Worker or WebService takes from a service's settings. */
export interface ServiceImageProps {
  readonly name: string;
  readonly component: string;
  readonly instance: string;
  readonly image: ImageSettings;
  readonly contract: ImageContract;
}

/** The service's image: `services.<name>.image`, else the backend image's repository plus `-<name>`, its tag and pull policy. */
export function serviceImageSettings(config: TodoConfig, name: string): ImageSettings {
  const service = config.services?.[name];
  if (!service) {
    const known = Object.keys(config.services ?? {});
    throw new ExplainedError(`services.${name} is not in the settings; ${known.length ? `the services are ${known.join(', ')}` : 'no service is'} (add services: { ${name}: { sourceDir: ... } } to a profile or values file)`);
  }
  const backend = config.images.backend;
  return runtimeImage({ repository: `${backend.repository}-${name}`, tag: backend.tag, pullPolicy: backend.pullPolicy, ...service.image });
}

/** The props a Worker or WebService needs to run service `name`'s image. */
export function serviceImage(config: TodoConfig, name: string): ServiceImageProps {
  return { name, component: name, instance: config.instance, image: serviceImageSettings(config, name), contract: SERVICE_CONTRACT };
}
