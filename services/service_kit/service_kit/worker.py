"""A background worker (outbox relay, consumer) that survives a lost broker.

Three kinds of failure, as pika's own examples separate them: the broker closing the connection, a
channel error, and a lost socket. All three end the connection here; the worker logs one line, waits a
capped, jittered backoff (tenacity) and connects again. Any other exception is a bug: it is logged
with its traceback and the worker restarts the same way, visible in readiness as `failed` meanwhile.
"""

import logging
import threading

import pika.exceptions
from tenacity import Retrying, retry_if_not_exception_type, wait_exponential_jitter

BROKER_ERRORS = (pika.exceptions.AMQPError, ConnectionError, OSError)


class StopRequested(Exception):
    pass


class _ConnectionDropped(Exception):
    """A session that had connected ended: start the backoff again from its shortest wait."""


class BackgroundWorker:
    name = "worker"

    def __init__(self, max_backoff_seconds: float = 10.0):
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._max_backoff = max_backoff_seconds
        self.connected = False
        self.had_connected = False
        self._state = "stopped"
        self.log = logging.getLogger(f"service_kit.{self.name}")

    # Subclasses implement one connected session; it returns when asked to stop.
    def run_connected(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
        self.state = "stopped"

    @property
    def state(self) -> str:
        """running, stopped, or failed: a thread that died or a session that keeps failing is not hidden."""
        if self._state == "running" and self._thread is not None and not self._thread.is_alive():
            return "failed"
        return self._state

    @state.setter
    def state(self, value: str) -> None:
        self._state = value

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        self.state = "running"
        retrying = Retrying(
            retry=retry_if_not_exception_type(StopRequested),
            wait=wait_exponential_jitter(multiplier=0.2, max=self._max_backoff),
            sleep=self._sleep,
            before_sleep=self._log_failure,
            reraise=True,
        )
        try:
            while True:
                try:
                    retrying(self._session)
                except _ConnectionDropped as dropped:
                    self._log_drop(dropped.__cause__)
                    self._sleep(0.2)
        except StopRequested:
            pass
        finally:
            self.connected = False
            self.state = "stopped"

    def _session(self) -> None:
        if self.stopping:
            raise StopRequested
        self.had_connected = False
        try:
            self.run_connected()
        except Exception as error:
            if self.stopping:
                raise StopRequested from error
            if self.had_connected and isinstance(error, BROKER_ERRORS):
                raise _ConnectionDropped from error
            raise
        finally:
            self.connected = False
        if self.stopping:
            raise StopRequested
        raise RuntimeError(f"{self.name} returned without being asked to stop")

    def mark_connected(self) -> None:
        self.connected = True
        self.had_connected = True
        self.state = "running"
        self.log.info("%s connected to the broker", self.name)

    def _log_drop(self, error: BaseException | None) -> None:
        self.log.warning("%s lost the broker (%s: %s); reconnecting", self.name, type(error).__name__, error)

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise StopRequested

    def _log_failure(self, retry_state) -> None:
        error = retry_state.outcome.exception()
        wait = retry_state.next_action.sleep if retry_state.next_action else 0
        if isinstance(error, BROKER_ERRORS):
            self.state = "running"
            self.log.warning(
                "%s lost the broker (%s: %s); reconnecting in %.1fs",
                self.name,
                type(error).__name__,
                error,
                wait,
            )
        else:
            self.state = "failed"
            self.log.error("%s failed; restarting in %.1fs", self.name, wait, exc_info=error)
