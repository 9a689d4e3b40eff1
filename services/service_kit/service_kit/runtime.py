"""What runs beside the HTTP API in one container: the outbox relay and the consumer.

They start once per container (gunicorn runs a single worker process, see gunicorn_conf) and stop
together with it, so `docker compose stop stock` removes the whole bounded context.
"""

import logging

from service_kit.worker import BackgroundWorker

log = logging.getLogger(__name__)


class ServiceRuntime:
    def __init__(self, workers: list[BackgroundWorker]):
        self.workers = list(workers)

    def start(self) -> None:
        for worker in self.workers:
            worker.start()
        log.info("background workers started: %s", ", ".join(w.name for w in self.workers) or "none")

    def stop(self) -> None:
        # Consumers first, so nothing new enters the outbox while the relay drains what is there.
        for worker in sorted(self.workers, key=lambda w: w.name != "consumer"):
            worker.stop()
        log.info("background workers stopped")
