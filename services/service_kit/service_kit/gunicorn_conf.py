"""gunicorn settings shared by every service: one process, many threads, background workers in it.

One worker process keeps the relay and the consumer to exactly one each per container; threads give
the HTTP API its concurrency (SQLite serialises writers anyway). SIGTERM: gunicorn stops accepting,
finishes requests in flight, then `worker_exit` stops the consumer (finishing the message in hand)
and the relay (finishing its batch) before the process ends.
"""

import os

bind = "0.0.0.0:8000"
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
# gunicorn's control socket (gunicornc) is not used here, and the image's /app is read-only for the app user.
control_socket_disable = True


def _runtime(worker):
    return worker.wsgi.extensions.get("service_runtime") if hasattr(worker.wsgi, "extensions") else None


def post_worker_init(worker):
    runtime = _runtime(worker)
    if runtime is not None:
        runtime.start()


def worker_exit(server, worker):
    runtime = _runtime(worker)
    if runtime is not None:
        runtime.stop()
