"""The status poller: a background thread that asks every service and the broker how they are.

It runs beside the consumer (in `platform.runtime.workers`, so it starts and stops with the container)
but it is no broker worker, so readiness does not count it. Each round asks everyone at once, so a
round takes one timeout however many neighbours hang, and the API only reads the finished snapshot.
"""

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from dashboard.adapters.probes import ManagementApi, probe_service
from dashboard.system_status import SystemSnapshot
from service_kit.envelope import utc_now

log = logging.getLogger(__name__)


class StatusPoller:
    name = "status-poller"

    def __init__(
        self,
        service_urls: Mapping[str, str],
        management: ManagementApi,
        interval_seconds: float = 2.0,
        timeout_seconds: float = 1.0,
    ):
        self._service_urls = dict(service_urls)
        self._management = management
        self._interval = interval_seconds
        self._timeout = timeout_seconds
        self._lock = threading.Lock()
        self._snapshot = SystemSnapshot.before_first_check(tuple(self._service_urls))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.state = "stopped"

    @property
    def snapshot(self) -> SystemSnapshot:
        with self._lock:
            return self._snapshot

    def poll_once(self) -> SystemSnapshot:
        with ThreadPoolExecutor(max_workers=len(self._service_urls) + 1, thread_name_prefix=self.name) as pool:
            queues = pool.submit(self._management.queues, self._timeout)
            services = {
                name: pool.submit(probe_service, url, self._timeout) for name, url in self._service_urls.items()
            }
            answers = {name: future.result() for name, future in services.items()}
            queue_answer = queues.result()
        with self._lock:
            self._snapshot = self._snapshot.checked(answers, queue_answer, utc_now())
            return self._snapshot

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
        self.state = "stopped"

    def _run(self) -> None:
        self.state = "running"
        while not self._stop.is_set():
            try:
                self.poll_once()
                self.state = "running"
            except Exception:  # noqa: BLE001 - a bug in one round must not end the polling; the next may work
                self.state = "failed"
                log.exception("%s failed a round; trying again in %.1fs", self.name, self._interval)
            self._stop.wait(self._interval)
        self.state = "stopped"
