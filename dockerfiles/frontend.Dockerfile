# Frontend image: Next.js standalone server.
# Contract: lib/model/contract/image-contract.ts (FRONTEND_CONTRACT); the shapes it builds:
# lib/model/contract/app-shapes.ts; checked by test/images/dockerfiles.test.ts.
# Build context: the frontend source directory, or the workspace root above it (a monorepo);
# pass this file with -f and the backend URL with --build-arg NEXT_PUBLIC_API_URL=... The app as it is:
#   PACKAGE_MANAGER, PACKAGE_MANAGER_VERSION  npm (the contract's), pnpm or yarn (1, or 2+), from the lockfile
#   APP_DIR                                   the Next.js app within the context (a workspace member), . by default
# npm run images detects them from the sources (npm run check-app shows them).
# The default target is the app (runner); `--target migrate` is the Better Auth migration image.

# Every stage reads the base image from here so a mirror or air-gapped registry can substitute
# its copy: --build-arg NODE_IMAGE=registry.example/node:22-alpine
ARG NODE_IMAGE=node:22-alpine

# The dependency manifests at their paths and nothing else (every package.json of a workspace,
# the lockfile, the package manager's settings): the deps stage copies this tree, so its install
# layer is reused until one of them changes, whatever else does.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests && find . \( -name node_modules -o -name .git -o -name .next \) -prune -o -type f \( \
      -name package.json -o -name package-lock.json -o -name npm-shrinkwrap.json -o -name pnpm-lock.yaml \
      -o -name pnpm-workspace.yaml -o -name yarn.lock -o -name .yarnrc.yml -o -name .yarnrc -o -name .npmrc \
      -o -name .pnpmfile.cjs -o -path './.yarn/releases/*' -o -path './.yarn/plugins/*' -o -path './.yarn/patches/*' \
      -o -path './patches/*' \) -print \
 | while read -r f; do mkdir -p "/manifests/$(dirname "$f")" && cp -p "$f" "/manifests/$f"; done

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ARG PACKAGE_MANAGER=npm
ARG PACKAGE_MANAGER_VERSION
ARG APP_DIR=.
COPY --from=manifests /manifests/ ./
# pnpm and yarn come from the npm registry at the version the app names (package.json's
# packageManager) or its lockfile implies; Yarn 2+ installs into node_modules, which the
# standalone output copies from, and keeps its cache out of /app (Yarn 2 and 3 put it in
# .yarn/cache, which the migration image would copy).
ENV YARN_NODE_LINKER=node-modules \
    YARN_ENABLE_GLOBAL_CACHE=true \
    YARN_ENABLE_TELEMETRY=0
RUN set -e; \
    case "$PACKAGE_MANAGER" in \
      npm) npm ci --no-audit --no-fund ;; \
      pnpm) npm install -g --no-audit --no-fund "pnpm@${PACKAGE_MANAGER_VERSION:-10}" && pnpm install --frozen-lockfile ;; \
      yarn) case "${PACKAGE_MANAGER_VERSION:-1}" in \
          1|1.*) npm install -g --force --no-audit --no-fund "yarn@${PACKAGE_MANAGER_VERSION:-1}" && yarn install --frozen-lockfile --non-interactive ;; \
          *) npm install -g --force --no-audit --no-fund "@yarnpkg/cli-dist@$PACKAGE_MANAGER_VERSION" && yarn install --immutable ;; \
        esac ;; \
      *) echo "PACKAGE_MANAGER=$PACKAGE_MANAGER: unknown; allowed: npm, pnpm, yarn" >&2; exit 1 ;; \
    esac
# The migration image's node_modules, in /migrate: the app's production install, with the Better
# Auth CLI (and better-auth) kept there even when package.json lists them as devDependencies,
# at the lockfile's version (the package manager prunes offline, from what it just installed), and
# without Next.js itself (next, its SWC compiler, react-dom, sharp), which `better-auth migrate`
# never loads (Better Auth's nextCookies imports next/headers only inside a request). A copy, so
# the builder keeps the full install. Yarn 2 and 3 have `workspaces focus` only as a plugin from
# repo.yarnpkg.com: there every workspace's devDependencies are dropped and yarn installs again
# with the network off.
RUN set -e; mkdir /migrate && cp -a . /migrate/ && cd /migrate \
 && node -e 'const f = process.argv[1], fs = require("fs"), p = JSON.parse(fs.readFileSync(f, "utf8")); \
      for (const n of ["@better-auth/cli", "better-auth"]) { const v = p.devDependencies && p.devDependencies[n]; \
        if (v && !(p.dependencies && p.dependencies[n])) { (p.dependencies = p.dependencies || {})[n] = v; delete p.devDependencies[n]; } } \
      fs.writeFileSync(f, JSON.stringify(p, null, 2));' "$APP_DIR/package.json" \
 && case "$PACKAGE_MANAGER" in \
      npm) npm prune --omit=dev --no-audit --no-fund ;; \
      pnpm) pnpm install --prod --prefer-offline --no-frozen-lockfile --config.confirmModulesPurge=false ;; \
      yarn) case "${PACKAGE_MANAGER_VERSION:-1}" in \
          1|1.*) yarn install --production --offline --non-interactive --ignore-scripts ;; \
          2|2.*|3|3.*) node -e 'const fs = require("fs"), list = require("child_process").execSync("yarn workspaces list --json", { encoding: "utf8" }); \
              for (const w of list.split("\n").filter(Boolean)) { const f = JSON.parse(w).location + "/package.json", p = JSON.parse(fs.readFileSync(f, "utf8")); \
                delete p.devDependencies; fs.writeFileSync(f, JSON.stringify(p, null, 2)); }' \
            && YARN_ENABLE_NETWORK=0 YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install ;; \
          *) YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn workspaces focus --all --production ;; \
        esac ;; \
    esac \
 && for m in node_modules "$APP_DIR/node_modules"; do \
      rm -rf "$m/next" "$m/@next" "$m/react-dom" "$m/sharp" "$m/@img" "$m"/.pnpm/next@* "$m"/.pnpm/@next+* "$m"/.pnpm/react-dom@* "$m"/.pnpm/sharp@* "$m"/.pnpm/@img+*; \
    done

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
ARG APP_DIR=.
# Every node_modules of the install (a workspace has one per member), then the sources.
COPY --from=deps /app ./
COPY . .
# --no-install: use the locked next from node_modules, never fetch one.
RUN cd "$APP_DIR" && npx --no-install next build
# The runner stage needs the standalone server (in a workspace, at the app's path under the
# workspace root Next.js traces from); say why when it is missing.
RUN test -f "$APP_DIR/.next/standalone/$APP_DIR/server.js" \
 || (echo "No $APP_DIR/.next/standalone/$APP_DIR/server.js: next.config must set output: \"standalone\"" >&2 \
     && exit 1)
# The runner copies public/ unconditionally, and an app may not have one.
RUN mkdir -p "$APP_DIR/public"

# Better Auth migration image (`--target migrate`, tagged <frontend tag>-migrate by npm run images):
# the standalone runner has no Better Auth CLI. The pod runs it as an init container before the
# app. It holds only what `better-auth migrate` loads: the app's sources (the auth config and
# whatever it imports; no build output) and the production node_modules (the CLI, better-auth,
# the database driver). Contract: FRONTEND_CONTRACT.migration in image-contract.ts.
FROM ${NODE_IMAGE} AS migrate
ARG APP_DIR=.
WORKDIR /app
COPY . .
COPY --from=deps /migrate/ ./
# The CLI and the auth config are the app's: it runs from the app's directory.
WORKDIR /app/${APP_DIR}
RUN test -f node_modules/@better-auth/cli/package.json \
 || (echo '@better-auth/cli is not in the install: list it (and better-auth) in package.json, under "dependencies" or "devDependencies"' >&2 \
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
  'const app = process.cwd();' \
  'const config = path.resolve(app, env.BETTER_AUTH_CONFIG);' \
  'if (!fs.existsSync(config)) fail("BETTER_AUTH_CONFIG=" + env.BETTER_AUTH_CONFIG + ": " + config + " is not in the image (the auth config path is relative to the app source directory)");' \
  '// The CLI from its package.json (pnpm links bins as shell scripts); pg ships with it, so the lock' \
  '// works whatever driver the app uses.' \
  'const cliPackage = fs.realpathSync(path.join(app, "node_modules/@better-auth/cli/package.json"));' \
  'const bin = require(cliPackage).bin;' \
  'const cliScript = path.join(path.dirname(cliPackage), typeof bin === "string" ? bin : bin["better-auth"] || Object.values(bin)[0]);' \
  'const { Client } = createRequire(cliPackage)("pg");' \
  '// Outputs with which the CLI exits 0 although nothing was migrated.' \
  'const NOT_MIGRATED = [/No configuration file found/, /only works with the built-in Kysely adapter/, /isn.t supported for this adapter/];' \
  'async function main() {' \
  '  const client = new Client({ connectionString: env.DATABASE_URL });' \
  '  client.on("error", () => undefined);' \
  '  await client.connect();' \
  '  await client.query("SELECT pg_advisory_lock(hashtext($1))", ["todo-k8s:better-auth-migrate"]);' \
  '  const cli = spawnSync(process.execPath, [cliScript, "migrate", "--config", config, "--yes"],' \
  '    { cwd: app, encoding: "utf8", maxBuffer: 64 << 20 });' \
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
ARG APP_DIR=.
# The standalone server binds to HOSTNAME:PORT; 0.0.0.0 so the pod IP, not just loopback, answers.
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1
# Numeric ids so the kubelet can verify runAsNonRoot; HOME is /tmp, a writable emptyDir in the pod.
RUN addgroup -S -g 10001 nextjs \
 && adduser -S -D -H -u 10001 -G nextjs -h /tmp -s /sbin/nologin nextjs
COPY --from=builder --chown=10001:10001 /app/${APP_DIR}/public ./${APP_DIR}/public
COPY --from=builder --chown=10001:10001 /app/${APP_DIR}/.next/standalone ./
COPY --from=builder --chown=10001:10001 /app/${APP_DIR}/.next/static ./${APP_DIR}/.next/static
# Next.js writes its caches here; pods mount an emptyDir over it, plain `docker run` uses this.
# A workspace member's server is /app/<APP_DIR>/server.js: /app/server.js starts it, and its
# cache is this same directory, so `node server.js` and the pod's mounts stay the contract's.
RUN mkdir -p .next/cache && chown 10001:10001 .next/cache \
 && if [ "$APP_DIR" != . ]; then \
      printf 'require("./%s/server.js");\n' "$APP_DIR" > server.js \
      && rm -rf "$APP_DIR/.next/cache" && ln -s /app/.next/cache "$APP_DIR/.next/cache"; \
    fi
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["node", "server.js"]
