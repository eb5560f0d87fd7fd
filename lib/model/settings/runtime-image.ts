import { BuiltImageSettings, ImageSettings } from './types';

/**
 * What a pod runs of an image this project builds: the reference and pull policy, not the build
 * arguments (only the build reads those; a construct's image prop refuses them as unknown).
 */
export function runtimeImage(image: BuiltImageSettings): ImageSettings {
  const { buildArgs: _buildArgs, ...runtime } = image;
  return runtime;
}
