"""Every setting the dashboard reads, with defaults that work in docker compose."""

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from dashboard.system_status import SERVICES
from service_kit import settings
from service_kit.wiring import CommonSettings

SERVICE = "dashboard"


@dataclass(frozen=True)
class Config:
    common: CommonSettings
    service_urls: dict[str, str]  # CATALOG_URL, PURCHASE_URL, SALES_URL, STOCK_URL
    status_poll_seconds: float
    status_timeout_seconds: float
    rabbitmq_management_url: str  # where the dashboard asks for queue depths (inside compose)
    rabbitmq_management_public_url: str  # where a person's browser finds the management UI

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Config":
        return cls(
            common=CommonSettings.from_env(environ, SERVICE),
            service_urls={
                name: settings.text(environ, f"{name.upper()}_URL", f"http://{name}:8000") for name in SERVICES
            },
            status_poll_seconds=settings.number(environ, "STATUS_POLL_SECONDS", 2.0),
            status_timeout_seconds=settings.number(environ, "STATUS_TIMEOUT_SECONDS", 1.0),
            rabbitmq_management_url=settings.text(environ, "RABBITMQ_MANAGEMENT_URL", "http://rabbitmq:15672"),
            rabbitmq_management_public_url=settings.text(
                environ, "RABBITMQ_MANAGEMENT_PUBLIC_URL", "http://127.0.0.1:15672"
            ),
        )

    @property
    def rabbitmq_credentials(self) -> tuple[str | None, str | None]:
        """The management API takes the same user as AMQP: the user:password part of RABBITMQ_URL."""
        parts = urlsplit(self.common.rabbitmq_url)
        return (
            unquote(parts.username) if parts.username is not None else None,
            unquote(parts.password) if parts.password is not None else None,
        )
