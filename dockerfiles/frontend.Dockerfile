# Frontend image: Next.js standalone server.
# Contract: lib/contract/image-contract.ts (FRONTEND_CONTRACT); checked by test/dockerfiles.test.ts.
# Build context: the frontend source directory (package.json, package-lock.json, next.config.*);
# pass this file with -f and the backend URL with --build-arg NEXT_PUBLIC_API_URL=...
# The default target is the app (runner); `--target migrate` is the Better Auth migration image.

# Every stage reads the base image from here so a mirror or air-gapped registry can substitute
# its copy: --build-arg NODE_IMAGE=registry.example/node:22-alpine
ARG NODE_IMAGE=node:22-alpine

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Manifests alone first: the npm ci layer is reused until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The migration image's node_modules, in /migrate: the same install without devDependencies and
# without Next.js itself (next, its SWC compiler, react-dom, sharp), which `better-auth migrate`
# never loads (Better Auth's nextCookies imports next/headers only inside a request). A pruned
# copy, so the builder keeps the full install.
RUN mkdir /migrate && cp -a package.json package-lock.json node_modules /migrate/ \
 && cd /migrate && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/next node_modules/@next node_modules/react-dom node_modules/sharp node_modules/@img

FROM ${NODE_IMAGE} AS builder
WORKDIR /app
# Next.js inlines NEXT_PUBLIC_* into the client bundle at build time; an image built without it
# would ship JavaScript that calls no backend, so refuse to build rather than fail in browsers.
ARG NEXT_PUBLIC_API_URL
RUN test -n "$NEXT_PUBLIC_API_URL" \
 || (echo "NEXT_PUBLIC_API_URL build argument is required (--build-arg NEXT_PUBLIC_API_URL=...)" >&2 \
     && exit 1)
ENV NEXT_PUBLIC_API_URL=$NEXT_PUBLIC_API_URL \
    NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# --no-install: use the locked next from node_modules, never fetch one.
RUN npx --no-install next build
# The runner stage needs the standalone server; say why when it is missing.
RUN test -f .next/standalone/server.js \
 || (echo 'No .next/standalone/server.js: next.config must set output: "standalone"' >&2 \
     && exit 1)
# The runner copies public/ unconditionally, and an app may not have one.
RUN mkdir -p public

# Better Auth migration image (`--target migrate`, tagged <frontend tag>-migrate by npm run images):
# the standalone runner has no Better Auth CLI. The pod runs it as an init container before the
# app. It holds only what `better-auth migrate` loads: the app's sources (the auth config and
# whatever it imports; no build output) and the production node_modules (the CLI, better-auth,
# the database driver). Contract: FRONTEND_CONTRACT.migration in image-contract.ts.
FROM ${NODE_IMAGE} AS migrate
WORKDIR /app
COPY . .
COPY --from=deps /migrate/node_modules ./node_modules
RUN test -f node_modules/@better-auth/cli/package.json \
 || (echo '@better-auth/cli is not in the production node_modules: list it (and better-auth) under "dependencies" in package.json, not "devDependencies"' >&2 \
     && exit 1)
# The entry script is written here rather than COPYed because the build context is the app's
# source directory. It holds a PostgreSQL advisory lock while the CLI runs, so replicas starting
# together migrate one after the other (the lock ends with the connection, even on a crash), and
# exits non-zero with the CLI's output when the CLI fails or exits 0 without migrating.
RUN mkdir -p /usr/local/lib/todo-k8s && printf '%s\n' \
  '"use strict";' \
  'const fs = require("fs");' \
  'const path = require("path");' \
  'const { spawnSync } = require("child_process");' \
  'const { createRequire } = require("module");' \
  'const env = process.env;' \
  'const fail = (message) => { console.error("better-auth migration: " + message); process.exit(1); };' \
  'const missing = ["DATABASE_URL", "BETTER_AUTH_CONFIG"].filter((name) => !env[name]);' \
  'if (missing.length) fail(missing.join(" and ") + " not set");' \
  'const config = path.resolve("/app", env.BETTER_AUTH_CONFIG);' \
  'if (!fs.existsSync(config)) fail("BETTER_AUTH_CONFIG=" + env.BETTER_AUTH_CONFIG + ": " + config + " is not in the image (the auth config path is relative to the app source directory)");' \
  '// pg ships with the Better Auth CLI, so the lock works whatever driver the app uses.' \
  'const { Client } = createRequire("/app/node_modules/@better-auth/cli/package.json")("pg");' \
  '// Outputs with which the CLI exits 0 although nothing was migrated.' \
  'const NOT_MIGRATED = [/No configuration file found/, /only works with the built-in Kysely adapter/, /isn.t supported for this adapter/];' \
  'async function main() {' \
  '  const client = new Client({ connectionString: env.DATABASE_URL });' \
  '  client.on("error", () => undefined);' \
  '  await client.connect();' \
  '  await client.query("SELECT pg_advisory_lock(hashtext($1))", ["todo-k8s:better-auth-migrate"]);' \
  '  const cli = spawnSync(process.execPath, ["/app/node_modules/.bin/better-auth", "migrate", "--config", config, "--yes"],' \
  '    { cwd: "/app", encoding: "utf8", maxBuffer: 64 << 20 });' \
  '  await client.end();' \
  '  process.stdout.write(cli.stdout || "");' \
  '  process.stderr.write(cli.stderr || "");' \
  '  if (cli.error) fail("the Better Auth CLI could not run: " + cli.error.message);' \
  '  if (/Cannot find (module|package) .next[^a-z0-9-]/.test(cli.stdout + cli.stderr)) fail("the auth config imports Next.js when it loads, and this image has no Next.js (only what the migration needs): import next/* inside the functions that use it");' \
  '  if (cli.status !== 0) fail("the Better Auth CLI exited with " + (cli.status ?? cli.signal) + " (its output is above)");' \
  '  if (NOT_MIGRATED.some((re) => re.test(cli.stdout + cli.stderr))) fail("the Better Auth CLI did not migrate (its output is above)");' \
  '}' \
  'main().catch((err) => fail(err.message));' \
  > /usr/local/lib/todo-k8s/better-auth-migrate.cjs
# HOME is /tmp, the one writable path besides what the pod mounts; no telemetry from the CLI.
ENV HOME=/tmp \
    BETTER_AUTH_TELEMETRY=0
USER 10001:10001
ENTRYPOINT ["node", "/usr/local/lib/todo-k8s/better-auth-migrate.cjs"]

FROM ${NODE_IMAGE} AS runner
LABEL org.opencontainers.image.title="todo-frontend" \
      org.opencontainers.image.description="Todo app Next.js frontend (standalone server)"
WORKDIR /app
# The standalone server binds to HOSTNAME:PORT; 0.0.0.0 so the pod IP, not just loopback, answers.
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1
# Numeric ids so the kubelet can verify runAsNonRoot; HOME is /tmp, a writable emptyDir in the pod.
RUN addgroup -S -g 10001 nextjs \
 && adduser -S -D -H -u 10001 -G nextjs -h /tmp -s /sbin/nologin nextjs
COPY --from=builder --chown=10001:10001 /app/public ./public
COPY --from=builder --chown=10001:10001 /app/.next/standalone ./
COPY --from=builder --chown=10001:10001 /app/.next/static ./.next/static
# Next.js writes its caches here; pods mount an emptyDir over it, plain `docker run` uses this.
RUN mkdir -p .next/cache && chown 10001:10001 .next/cache
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["node", "server.js"]
