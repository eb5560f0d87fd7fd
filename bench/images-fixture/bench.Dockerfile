# Benchmark stand-in for the app Dockerfiles, on the tiny local busybox image (no registry here):
# dependency manifests first, then the sources, then a build step that really reads them all.
ARG NODE_IMAGE=todo-k8s-test/busybox:local
FROM ${NODE_IMAGE}
ARG NEXT_PUBLIC_API_URL
WORKDIR /app
COPY package.json package-lock.json ./
RUN wc -c package-lock.json > /app/deps
COPY . .
# Stands in for `next build`: compresses every source file.
RUN echo "$NEXT_PUBLIC_API_URL" > /app/api-url && tar cf - /app | gzip -9 > /tmp/build.tgz && ls -l /tmp/build.tgz
