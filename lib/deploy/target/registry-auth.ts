import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import type Docker from 'dockerode';
import { isNotInstalled } from './run-command';
import { CommandRunner } from './types';

/** The registry host of `registry.example.com:5000/team`: what `docker login` keys credentials by. */
export function registryHost(registry: string): string {
  return registry.split('/')[0];
}

function readDockerConfig(env: NodeJS.ProcessEnv): any {
  const file = path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The credentials `docker login REGISTRY` stored, as the docker CLI finds them: a credential helper
 * (`credHelpers[host]`, else `credsStore`) answering `docker-credential-<helper> get`, or the base64
 * `auths[host].auth`. undefined: none (the push goes without, as `docker push` would). Never logged.
 */
export async function registryAuth(registry: string, run: CommandRunner, env: NodeJS.ProcessEnv = process.env): Promise<Docker.AuthConfig | undefined> {
  const host = registryHost(registry);
  const config = readDockerConfig(env);
  if (!config) return undefined;
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  if (typeof helper === 'string' && helper) {
    try {
      const result = await run(`docker-credential-${helper}`, ['get'], { stdin: Readable.from([host]) });
      if (result.code === 0) {
        const answer = JSON.parse(result.stdout);
        if (answer?.Username && answer?.Secret) {
          return answer.Username === '<token>'
            ? { identitytoken: answer.Secret, serveraddress: host }
            : { username: answer.Username, password: answer.Secret, serveraddress: host };
        }
      }
    } catch (err) {
      if (!isNotInstalled(err) && !(err instanceof SyntaxError)) throw err;
    }
  }
  const auth = config.auths?.[host]?.auth;
  if (typeof auth !== 'string' || !auth) return undefined;
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: host };
}
