"""Structured JSON logs on stdout: one object a line, with service and correlation id on every record."""

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from service_kit import correlation


class _ContextFilter(logging.Filter):
    def __init__(self, service: str):
        super().__init__()
        self._service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self._service
        if not getattr(record, "correlation_id", None):
            record.correlation_id = correlation.current()
        return True


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(_ContextFilter(service))
    handler.setFormatter(
        JsonFormatter(
            "%(levelname)s %(service)s %(name)s %(message)s %(correlation_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # pika logs every reconnect attempt at WARNING with a traceback; our workers log one line instead.
    logging.getLogger("pika").setLevel(logging.CRITICAL)
