# Phase V's consumers: the notification worker (topic `reminders`) and the recurring-task worker
# (topic `task-events`), one program (workers/task_consumers.py, Python's standard library only)
# run once per role (WORKER_ROLE). Dapr's sidecar delivers the events; the workers save through
# its state store and publish through its pub/sub. Built by `npm run images`/`npm run deploy`
# when the settings have `dapr.workers` (lock entry services.dapr-workers).
# Build context: dockerfiles/workers; pass this file with -f:
#   docker build -f dockerfiles/workers.Dockerfile dockerfiles/workers
# Runs as 10001:10001 with a read-only root filesystem, listening on 8080.

# The base a mirror can substitute (the backend's PYTHON_IMAGE build argument is used when the
# settings give it and dapr.workers.image.buildArgs does not).
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="todo-workers" \
      org.opencontainers.image.description="Phase V consumers: notification and recurring tasks, through Dapr"
COPY task_consumers.py /app/task_consumers.py
# No bytecode written under the read-only root; every log line reaches kubectl logs at once.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["python3", "/app/task_consumers.py"]
