"""Phase V's two consumers, one program: the notification worker (topic `reminders`) and the
recurring-task worker (topic `task-events`). Dapr's sidecar delivers each event (a CloudEvent)
by POST, as the Subscriptions the chart makes say; the worker writes what it did to PostgreSQL
through the sidecar's state store and, for a completed recurring task, publishes the next
occurrence on `task-updates`. Standard library only: the image needs no package index.

Environment (the chart sets it):
  WORKER_ROLE    notification | recurring-tasks
  WORKER_ROUTE   the path daprd POSTs the role's topic to (its Subscription's route)
  APP_PORT       the port daprd calls (8080)
  STATE_STORE    the state store Component's name; empty: nothing is saved, events are logged
  PUBSUB_NAME    the pub/sub Component's name (kafka-pubsub)
  UPDATES_TOPIC  where the next occurrence of a recurring task goes (task-updates)
  DAPR_HTTP_PORT the sidecar's HTTP port (daprd's injector sets it)

Event shapes (the hackathon's): a task event {event_type, task_id, task_data, user_id, timestamp},
task_data.recurrence daily|weekly|monthly and task_data.due_date an ISO date or date-time; a
reminder {task_id, title, due_at, remind_at, user_id}.
"""
import calendar
import datetime
import json
import os
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROLE = os.environ.get("WORKER_ROLE", "")
PORT = int(os.environ.get("APP_PORT", "8080"))
DAPR = "http://127.0.0.1:" + os.environ.get("DAPR_HTTP_PORT", "3500")
STATE_STORE = os.environ.get("STATE_STORE", "")
PUBSUB = os.environ.get("PUBSUB_NAME", "kafka-pubsub")
UPDATES_TOPIC = os.environ.get("UPDATES_TOPIC", "task-updates")
ROUTE = os.environ.get("WORKER_ROUTE", "")


class Drop(Exception):
    """An event that can never be handled: Dapr is told DROP, so it is not redelivered forever."""


def log(**fields):
    print(json.dumps({"worker": ROLE, **fields}, sort_keys=True), flush=True)


def sidecar(path, body):
    request = urllib.request.Request(DAPR + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def save(key, value):
    if STATE_STORE:
        sidecar("/v1.0/state/" + STATE_STORE, [{"key": key, "value": value}])


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def require(data, *names):
    if not isinstance(data, dict):
        raise Drop("the event's data is not an object")
    missing = [n for n in names if data.get(n) in (None, "")]
    if missing:
        raise Drop("the event's data has no " + ", ".join(missing))


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_due(due, recurrence):
    """The next occurrence's due date, in the form the task had (a date, or a date-time)."""
    text = str(due)
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Drop("task_data.due_date %r is not an ISO date or date-time" % text)
    if recurrence == "daily":
        following = parsed + datetime.timedelta(days=1)
    elif recurrence == "weekly":
        following = parsed + datetime.timedelta(weeks=1)
    elif recurrence == "monthly":
        following = add_months(parsed, 1)
    else:
        raise Drop("task_data.recurrence %r is none of daily, weekly, monthly" % recurrence)
    return following.date().isoformat() if len(text) == 10 else following.isoformat()


def on_reminder(data):
    require(data, "task_id", "title", "user_id")
    note = {"task_id": data["task_id"], "title": data["title"], "user_id": data["user_id"],
            "due_at": data.get("due_at"), "remind_at": data.get("remind_at"), "notified_at": now()}
    log(event="notify", user_id=data["user_id"], task_id=data["task_id"], title=data["title"])
    save("notification-%s" % data["task_id"], note)


def on_task_event(data):
    require(data, "event_type", "task_id")
    task = data.get("task_data") or {}
    save("task-event-%s-%s" % (data["task_id"], data["event_type"]), data)
    recurrence = task.get("recurrence") if isinstance(task, dict) else None
    if data["event_type"] != "completed" or recurrence in (None, "", "none"):
        log(event="recorded", task_id=data["task_id"], event_type=data["event_type"])
        return
    if not task.get("due_date"):
        raise Drop("a completed recurring task without task_data.due_date")
    following = {**task, "due_date": next_due(task["due_date"], recurrence), "completed": False}
    occurrence = {"event_type": "next-occurrence", "task_id": data["task_id"], "task_data": following,
                  "user_id": data.get("user_id"), "timestamp": now()}
    save("next-occurrence-%s" % data["task_id"], occurrence)
    sidecar("/v1.0/publish/%s/%s" % (PUBSUB, UPDATES_TOPIC), occurrence)
    log(event="next-occurrence", task_id=data["task_id"], due_date=following["due_date"])


HANDLERS = {"notification": on_reminder, "recurring-tasks": on_task_event}


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body=None):
        payload = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        if self.path == "/healthz":
            return self.answer(200, {"status": "ok", "worker": ROLE})
        self.answer(404)

    def do_POST(self):
        if self.path != ROUTE:
            return self.answer(404)
        try:
            event = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
            HANDLERS[ROLE](event.get("data") if isinstance(event, dict) else None)
            self.answer(200, {"status": "SUCCESS"})
        except (Drop, ValueError) as problem:
            log(event="dropped", problem=str(problem))
            self.answer(200, {"status": "DROP"})
        except (urllib.error.URLError, OSError) as problem:
            # The sidecar or the store is not there yet: Dapr redelivers.
            log(event="retry", problem=str(problem))
            self.answer(200, {"status": "RETRY"})

    def log_message(self, *args):
        pass  # one JSON line per event is logged instead of every request


if __name__ == "__main__":
    if ROLE not in HANDLERS:
        sys.exit("WORKER_ROLE=%r: allowed: %s" % (ROLE, ", ".join(sorted(HANDLERS))))
    if not ROUTE.startswith("/"):
        sys.exit("WORKER_ROUTE=%r: allowed: the Subscription's route, a path such as /reminders" % ROUTE)
    log(event="listening", port=PORT, route=ROUTE, state_store=STATE_STORE or None)
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
