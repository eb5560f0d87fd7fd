# Frontend image: Next.js standalone server.
# Contract: lib/contract/image-contract.ts (FRONTEND_CONTRACT); checked by test/dockerfiles.test.ts.
# Build context: the frontend source directory (package.json, package-lock.json, next.config.*);
# pass this file with -f and the backend URL with --build-arg NEXT_PUBLIC_API_URL=...

# Every stage reads the base image from here so a mirror or air-gapped registry can substitute
# its copy: --build-arg NODE_IMAGE=registry.example/node:22-alpine
ARG NODE_IMAGE=node:22-alpine

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Manifests alone first: the npm ci layer is reused until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

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
