import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import * as tarFs from 'tar-fs';

/**
 * A stand-in for `node:22-alpine` (no registry is reachable): this machine's node binary, npm,
 * the glibc libraries they and a Next.js build load (librt and libresolv for Next.js's native
 * modules), and busybox for the shell tools the Dockerfile runs (`addgroup`, `adduser`).
 * Imported from a root filesystem with `docker import`; built once and kept between runs.
 */
export const NODE_BASE_IMAGE = 'todo-k8s-test/node:local';

const LIBRARIES = [
  'libc.so.6',
  'libdl.so.2',
  'libm.so.6',
  'libpthread.so.0',
  'librt.so.1',
  'libresolv.so.2',
  'libstdc++.so.6',
  'libgcc_s.so.1',
  'libnss_dns.so.2',
  'libnss_files.so.2',
];

/**
 * The image's environment. npm scripts are off: a native dependency's install script (the
 * Better Auth CLI pulls better-sqlite3) would fetch prebuilt binaries from GitHub or compile,
 * and neither works here; Next.js and its SWC binaries need no script.
 */
const IMAGE_ENV = ['PATH=/usr/local/bin:/usr/bin:/bin', 'npm_config_ignore_scripts=true', 'npm_config_update_notifier=false'];

/**
 * This machine's CA bundle, so npm inside the build trusts what the host trusts (a TLS-inspecting
 * egress proxy's CA included); node's own CA list is used besides it.
 */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const ADDGROUP = `#!/bin/sh
gid=; while getopts Sg: o; do case $o in g) gid=$OPTARG;; esac; done; shift $((OPTIND-1))
echo "$1:x:$gid:" >> /etc/group
`;

const ADDUSER = `#!/bin/sh
uid=; group=; home=/; shell=/bin/sh
while getopts SDHu:G:h:s: o; do case $o in u) uid=$OPTARG;; G) group=$OPTARG;; h) home=$OPTARG;; s) shell=$OPTARG;; esac; done
shift $((OPTIND-1))
gid=$(grep "^$group:" /etc/group | cut -d: -f3)
echo "$1:x:$uid:$gid::$home:$shell" >> /etc/passwd
`;

function findLibrary(name: string): string {
  for (const dir of ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib']) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
  }
  throw new Error(`${name} not found on this machine; the node base image needs it`);
}

/** Absolute paths of the shared libraries `binary` loads, as `ldd` lists them. */
function linkedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return [...out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]);
}

/** Lays out the root filesystem in `root`. */
function makeRootfs(root: string): void {
  const mkdir = (p: string, mode = 0o755) => fs.mkdirSync(path.join(root, p), { recursive: true, mode });
  for (const dir of ['bin', 'usr/bin', 'usr/local/bin', 'usr/local/lib', 'lib64', 'lib/x86_64-linux-gnu', 'etc', 'root']) mkdir(dir);
  mkdir('tmp');
  fs.chmodSync(path.join(root, 'tmp'), 0o1777);

  fs.copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'));
  fs.chmodSync(path.join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
  for (const applet of applets) fs.symlinkSync('busybox', path.join(root, 'bin', applet));
  fs.symlinkSync('/bin/busybox', path.join(root, 'usr/bin/env'));

  const nodeBinary = fs.realpathSync(process.execPath);
  fs.copyFileSync(nodeBinary, path.join(root, 'usr/local/bin/node'));
  fs.chmodSync(path.join(root, 'usr/local/bin/node'), 0o755);
  const npmDir = path.dirname(path.dirname(fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim())));
  fs.cpSync(npmDir, path.join(root, 'usr/local/lib/node_modules/npm'), { recursive: true });
  fs.symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(root, 'usr/local/bin/npm'));
  fs.symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', path.join(root, 'usr/local/bin/npx'));

  for (const name of LIBRARIES) fs.copyFileSync(findLibrary(name), path.join(root, 'lib/x86_64-linux-gnu', name));
  fs.copyFileSync(findLibrary('ld-linux-x86-64.so.2'), path.join(root, 'lib64/ld-linux-x86-64.so.2'));
  // Whatever else this node binary links (a distribution's node: libnode, libuv, OpenSSL, ICU...),
  // at the path the loader looks for it.
  for (const lib of linkedLibraries(nodeBinary)) {
    const target = path.join(root, lib.slice(1));
    if (fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(fs.realpathSync(lib), target);
  }

  // Debian's busybox-static has no addgroup/adduser; these take the Alpine flags the frontend
  // Dockerfile passes (-S -g GID NAME; -S -D -H -u UID -G GROUP -h HOME -s SHELL NAME).
  fs.writeFileSync(path.join(root, 'usr/local/bin/addgroup'), ADDGROUP, { mode: 0o755 });
  fs.writeFileSync(path.join(root, 'usr/local/bin/adduser'), ADDUSER, { mode: 0o755 });
  fs.writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  fs.writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\n');
  if (fs.existsSync(CA_BUNDLE)) {
    fs.mkdirSync(path.join(root, path.dirname(CA_BUNDLE).slice(1)), { recursive: true });
    fs.copyFileSync(CA_BUNDLE, path.join(root, CA_BUNDLE.slice(1)));
  }
  fs.writeFileSync(path.join(root, 'etc/nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
}

function imageEnv(): string[] {
  return fs.existsSync(CA_BUNDLE) ? [...IMAGE_ENV, `NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`] : IMAGE_ENV;
}

async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  return docker
    .getImage(reference)
    .inspect()
    .then(() => true, () => false);
}

/** Makes NODE_BASE_IMAGE unless the engine has it already. */
export async function ensureNodeBaseImage(docker: Docker): Promise<string> {
  if (await imageExists(docker, NODE_BASE_IMAGE)) return NODE_BASE_IMAGE;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-node-rootfs-'));
  try {
    makeRootfs(root);
    const [repo, tag] = NODE_BASE_IMAGE.split(':');
    const tar = tarFs.pack(root, { map: (header) => ({ ...header, uid: 0, gid: 0 }) }) as unknown as NodeJS.ReadableStream;
    const stream = (await docker.importImage(tar, { repo, tag, changes: imageEnv().map((e) => `ENV ${e}`) })) as unknown as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
        const streamError = output?.find((o) => o.error)?.error;
        if (err || streamError) reject(new Error(`docker import of ${NODE_BASE_IMAGE} failed: ${streamError ?? err?.message}`));
        else resolve();
      }),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return NODE_BASE_IMAGE;
}
