import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Stand-ins for the base images the app's Dockerfiles and the local profile name, made from
 * Debian 12 with debootstrap (no container registry is reachable; Debian's packages are):
 * - PYTHON_BASE_IMAGE for `python:3.12-slim`: Debian's Python 3.11 with venv and pip;
 * - POSTGRES_IMAGE for the official `postgres:15-bookworm`: Debian's PostgreSQL 15, its user
 *   `postgres` at uid/gid 999 as in the official Debian-based image (synth runs a Debian tag as
 *   999), and an entrypoint that keeps that image's first-start contract (POSTGRES_USER,
 *   POSTGRES_PASSWORD, POSTGRES_DB, PGDATA).
 * Each is built once (about 1.5 minutes) and kept in the Docker Engine between runs. Needs root
 * and `debootstrap` (.ci/run installs it).
 */
export const PYTHON_BASE_IMAGE = 'todo-k8s-test/python:3.11-bookworm';
export const POSTGRES_IMAGE = 'todo-k8s-test/postgres:15-bookworm';
/** The name the test's values give `database.image` (it must look like the official image's). */
export const POSTGRES_IMAGE_AS = 'postgres:15-bookworm';
/**
 * DEBIAN_SLIM_IMAGE for `debian:bookworm-slim` (the Kafka image's base): debootstrap's minbase,
 * apt pointed at Debian's mirror. The machine's own CAs (a TLS-inspecting egress proxy's) go into
 * /usr/local/share/ca-certificates, where `apt-get install ca-certificates` picks them up, and
 * with them Java's trust store (ca-certificates-java), so a build's Maven reaches Maven Central.
 */
export const DEBIAN_SLIM_IMAGE = 'todo-k8s-test/debian:bookworm-slim';
export const DEBIAN_SLIM_IMAGE_AS = 'debian:bookworm-slim';
/** Where Debian keeps CAs added to the system's (update-ca-certificates reads them). */
const LOCAL_CA_DIR = '/usr/local/share/ca-certificates';

const MIRROR = 'http://deb.debian.org/debian';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The official image's docker-entrypoint.sh contract, as far as the app uses it: on an empty
 * PGDATA, initdb with POSTGRES_USER and POSTGRES_PASSWORD, password logins from any address,
 * POSTGRES_DB created; then the server, listening on every address, stopped by SIGINT.
 */
const POSTGRES_ENTRYPOINT = `#!/bin/sh
set -eu
[ "\${1:-}" = postgres ] && shift
: "\${PGDATA:=/var/lib/postgresql/data}"
user=\${POSTGRES_USER:-postgres}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "\${POSTGRES_PASSWORD:-}" ] || { echo "Error: Database is uninitialized and superuser password is not specified." >&2; exit 1; }
  mkdir -p "$PGDATA" && chmod 0700 "$PGDATA"
  pw=$(mktemp)
  printf '%s\\n' "$POSTGRES_PASSWORD" >"$pw"
  initdb -D "$PGDATA" --username="$user" --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  db=\${POSTGRES_DB:-$user}
  if [ "$db" != postgres ]; then
    postgres -D "$PGDATA" -c listen_addresses='' &
    pid=$!
    until pg_isready -q -h /var/run/postgresql; do sleep 0.2; done
    psql -v ON_ERROR_STOP=1 -q -h /var/run/postgresql -U "$user" -d postgres -c "CREATE DATABASE \\"$db\\""
    kill -INT "$pid"; wait "$pid" || true
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi
# The official image stops the server with SIGINT (its STOPSIGNAL; docker import cannot set one):
# a fast shutdown, where SIGTERM would wait for every client to leave.
postgres -D "$PGDATA" -c listen_addresses='*' "$@" &
pid=$!
trap 'kill -INT "$pid"' TERM INT
status=0; wait "$pid" || status=$?
# A trapped signal ends the first wait early; the second waits for the server itself.
if [ "$status" -gt 128 ] && kill -0 "$pid" 2>/dev/null; then status=0; wait "$pid" || status=$?; fi
exit "$status"
`;

function imageExists(reference: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', reference], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** debootstrap --variant=minbase with `packages`, apt's downloads and docs removed. */
function debootstrap(root: string, packages: readonly string[]): void {
  const include = packages.length > 0 ? [`--include=${packages.join(',')}`] : [];
  execFileSync('debootstrap', ['--variant=minbase', ...include, 'bookworm', root, MIRROR], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/locale']) {
    fs.rmSync(pathInRoot(root, dir), { recursive: true, force: true });
    fs.mkdirSync(pathInRoot(root, dir), { recursive: true });
  }
  // This machine's CA bundle (a TLS-inspecting egress proxy's CA included), for pip in builds.
  if (fs.existsSync(CA_BUNDLE)) {
    // minbase has no ca-certificates package, so no etc/ssl/certs, unless the image asks for it.
    fs.mkdirSync(pathInRoot(root, path.dirname(CA_BUNDLE).slice(1)), { recursive: true });
    fs.copyFileSync(CA_BUNDLE, pathInRoot(root, CA_BUNDLE.slice(1)));
  }
}

function dockerImport(root: string, reference: string, changes: readonly string[]): void {
  const args = changes.flatMap((c) => ['--change', c]);
  execFileSync('sh', ['-c', 'ref=$1; shift; tar -C "$0" --numeric-owner -c . | docker import "$@" - "$ref" >/dev/null', root, reference, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function build(reference: string, packages: readonly string[], customize: (root: string) => void, changes: readonly string[]): string {
  if (imageExists(reference)) return reference;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-debootstrap-'));
  try {
    debootstrap(root, packages);
    customize(root);
    dockerImport(root, reference, changes);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return reference;
}

/** A path under the image's root; refused when a part of it is a symlink, which could point at this machine's files. */
export function pathInRoot(root: string, relative: string): string {
  let at = root;
  for (const part of relative.split('/')) {
    at = path.join(at, part);
    if (fs.lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) throw new Error(`${at} is a symlink: writing through it could change this machine's own files`);
  }
  return at;
}

/** Makes PYTHON_BASE_IMAGE unless the engine has it. */
export function ensurePythonBaseImage(): string {
  return build(PYTHON_BASE_IMAGE, ['python3', 'python3-venv', 'python-is-python3', 'ca-certificates'], () => undefined, [
    'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin',
    'ENV LANG=C.UTF-8',
    `ENV PIP_CERT=${CA_BUNDLE}`,
    'CMD ["python3"]',
  ]);
}

/** Makes POSTGRES_IMAGE unless the engine has it. */
export function ensurePostgresImage(): string {
  return build(POSTGRES_IMAGE, ['postgresql-15'], (root) => {
    // The official Debian-based image's ids.
    const edit = (file: string, from: RegExp, to: string) => fs.writeFileSync(pathInRoot(root, file), fs.readFileSync(pathInRoot(root, file), 'utf8').replace(from, to));
    edit('etc/passwd', /^postgres:x:\d+:\d+:/m, 'postgres:x:999:999:');
    edit('etc/group', /^postgres:x:\d+:/m, 'postgres:x:999:');
    // run/, not var/run/: Debian's var/run is a symlink to /run, which would lead to this
    // machine's own /run/postgresql (its PostgreSQL then cannot remove its lock file).
    for (const dir of ['var/lib/postgresql', 'run/postgresql']) {
      const inRoot = pathInRoot(root, dir);
      fs.mkdirSync(inRoot, { recursive: true });
      fs.chownSync(inRoot, 999, 999);
      fs.chmodSync(inRoot, 0o755);
    }
    fs.writeFileSync(pathInRoot(root, 'usr/local/bin/docker-entrypoint.sh'), POSTGRES_ENTRYPOINT, { mode: 0o755 });
  }, [
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'ENV LANG=C.UTF-8',
    'ENV PGDATA=/var/lib/postgresql/data',
    'USER 999:999',
    'ENTRYPOINT ["docker-entrypoint.sh"]',
    'CMD ["postgres"]',
    'EXPOSE 5432',
  ]);
}

/** Makes DEBIAN_SLIM_IMAGE unless the engine has it. */
export function ensureDebianSlimImage(): string {
  return build(DEBIAN_SLIM_IMAGE, [], (root) => {
    const cas = fs.existsSync(LOCAL_CA_DIR) ? fs.readdirSync(LOCAL_CA_DIR).filter((f) => f.endsWith('.crt')) : [];
    const dir = pathInRoot(root, LOCAL_CA_DIR.slice(1));
    fs.mkdirSync(dir, { recursive: true });
    for (const ca of cas) fs.copyFileSync(path.join(LOCAL_CA_DIR, ca), path.join(dir, ca));
  }, ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["bash"]']);
}
