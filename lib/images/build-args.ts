import { ComponentName, IMAGE_CONTRACTS } from '../model/contract/image-contract';
import { TodoConfig } from '../model/settings/types';

/** Where each contract build argument's value comes from in the configuration. */
const BUILD_ARG_SOURCES: Record<string, { field: string; value: (config: TodoConfig) => string }> = {
  // The browser calls the API at the public backend URL; Next.js inlines it at build time.
  NEXT_PUBLIC_API_URL: { field: 'publicUrls.backend', value: (config) => config.publicUrls.backend },
};

/** The build arguments of a component's image under a configuration, by the contract's names. */
export function buildArgsFor(component: ComponentName, config: TodoConfig): Record<string, string> {
  return Object.fromEntries(IMAGE_CONTRACTS[component].buildArgs.map((arg) => [arg.name, buildArgSource(arg.name).value(config)]));
}

/** The configuration field a build argument is taken from, for messages. */
export function buildArgField(name: string): string {
  return buildArgSource(name).field;
}

function buildArgSource(name: string) {
  const source = BUILD_ARG_SOURCES[name];
  if (!source) throw new Error(`build argument ${name} of the image contract has no source in the configuration (lib/images/build-args.ts)`);
  return source;
}
