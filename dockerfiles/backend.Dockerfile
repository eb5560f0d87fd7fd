# Backend image: FastAPI served by uvicorn.
# Contract: lib/model/contract/image-contract.ts (BACKEND_CONTRACT); the shapes it builds:
# lib/model/contract/app-shapes.ts; checked by test/images/dockerfiles.test.ts.
# Build context: the backend source directory; pass this file with -f. The app as it is:
#   PYTHON_MANIFEST  requirements.txt (the contract's, pip), uv.lock (uv sync --frozen),
#                    poetry.lock (poetry install) or pyproject.toml (its PEP 621 dependencies)
#   ASGI_APP         what uvicorn serves, main:app by default (e.g. app.main:app)
# npm run images detects both from the sources (npm run check-app shows them).

# Every stage reads the base image from here so a mirror or air-gapped registry can substitute
# its copy: --build-arg PYTHON_IMAGE=registry.example/python:3.12-slim (npm run images picks the
# app's pinned Python, e.g. python:3.13-slim for requires-python >= 3.13).
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS builder
ARG PYTHON_MANIFEST=requirements.txt
ARG UV_VERSION=0.13.9
ARG POETRY_VERSION=2.5.1
# A venv puts every installed package under one directory the runtime stage can copy whole,
# leaving pip's caches, uv, poetry and build leftovers behind in this stage.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
# The manifests alone first (whichever of them the app has): a source-only change reuses the
# cached dependency layer.
COPY requirements.tx[t] pyproject.tom[l] uv.loc[k] poetry.loc[k] .python-versio[n] ./
# uv and poetry come from PyPI into a tools venv of this stage only; uv never downloads a
# Python of its own (the base image's is the one the runtime has). Both trust the system's CA
# store, as pip does, so a TLS-inspecting proxy the base image trusts works for them too.
RUN set -e; \
    tools() { python -m venv /opt/tools && /opt/tools/bin/pip install --no-cache-dir --disable-pip-version-check "$@"; }; \
    export UV_PYTHON_DOWNLOADS=never UV_NATIVE_TLS=1 UV_NO_CACHE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv; \
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then export REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt; fi; \
    case "$PYTHON_MANIFEST" in \
      requirements.txt) pip install --no-cache-dir --disable-pip-version-check -r requirements.txt ;; \
      uv.lock) tools "uv==$UV_VERSION" && /opt/tools/bin/uv sync --frozen --no-dev --no-install-project --python /opt/venv/bin/python ;; \
      poetry.lock) tools "poetry==$POETRY_VERSION" \
        && VIRTUAL_ENV=/opt/venv POETRY_VIRTUALENVS_CREATE=false /opt/tools/bin/poetry install --only main --no-root --no-interaction --no-ansi ;; \
      pyproject.toml) tools "uv==$UV_VERSION" && /opt/tools/bin/uv pip install --python /opt/venv/bin/python -r pyproject.toml ;; \
      *) echo "PYTHON_MANIFEST=$PYTHON_MANIFEST: unknown; allowed: requirements.txt, uv.lock, poetry.lock, pyproject.toml" >&2; exit 1 ;; \
    esac

FROM ${PYTHON_IMAGE} AS runtime
ARG ASGI_APP=main:app
LABEL org.opencontainers.image.title="todo-backend" \
      org.opencontainers.image.description="Todo app FastAPI backend"
# The root filesystem is read-only in the pod: never write bytecode, and don't buffer logs.
# uvicorn reads the app to serve from UVICORN_APP (its APP argument's variable).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    UVICORN_APP=${ASGI_APP}
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
ENTRYPOINT ["uvicorn", "--host", "0.0.0.0", "--port", "8000"]
