# Backend image: FastAPI served by uvicorn.
# Contract: lib/contract/image-contract.ts (BACKEND_CONTRACT); checked by test/dockerfiles.test.ts.
# Build context: the backend source directory (main.py, requirements.txt); pass this file with -f.

# Every stage reads the base image from here so a mirror or air-gapped registry can substitute
# its copy: --build-arg PYTHON_IMAGE=registry.example/python:3.12-slim
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS builder
# A venv puts every installed package under one directory the runtime stage can copy whole,
# leaving pip's caches and build leftovers behind in this stage.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
# requirements.txt alone first: a source-only change reuses the cached dependency layer.
COPY requirements.txt ./
RUN pip install --no-cache-dir --disable-pip-version-check -r requirements.txt

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="todo-backend" \
      org.opencontainers.image.description="Todo app FastAPI backend"
# The root filesystem is read-only in the pod: never write bytecode, and don't buffer logs.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH
# Numeric ids so the kubelet can verify runAsNonRoot; HOME is /tmp, the pod's only writable path.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp \
      --shell /usr/sbin/nologin app
WORKDIR /app
# Same base image as the builder, so the venv's interpreter symlinks stay valid.
COPY --from=builder /opt/venv /opt/venv
COPY --chown=10001:10001 . .
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
