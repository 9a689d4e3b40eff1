"""Every setting sales reads, with defaults that work in docker compose."""

from collections.abc import Mapping
from dataclasses import dataclass

from service_kit import settings
from service_kit.settings import ConfigurationError
from service_kit.wiring import CommonSettings

SERVICE = "sales"


@dataclass(frozen=True)
class CatalogSettings:
    """How sales asks catalog for prices: where, how long it waits, how often it tries, when it stops asking."""

    url: str
    connect_timeout_seconds: float
    read_timeout_seconds: float
    retry_attempts: int  # in total, the first attempt included
    breaker_fail_max: int
    breaker_reset_seconds: float

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "CatalogSettings":
        chosen = cls(
            url=settings.text(environ, "CATALOG_URL", "http://catalog:8000"),
            connect_timeout_seconds=settings.number(environ, "CATALOG_CONNECT_TIMEOUT_SECONDS", 0.5),
            read_timeout_seconds=settings.number(environ, "CATALOG_READ_TIMEOUT_SECONDS", 1.0),
            retry_attempts=settings.integer(environ, "CATALOG_RETRY_ATTEMPTS", 2),
            breaker_fail_max=settings.integer(environ, "CATALOG_BREAKER_FAIL_MAX", 5),
            breaker_reset_seconds=settings.number(environ, "CATALOG_BREAKER_RESET_SECONDS", 15.0),
        )
        chosen._check()
        return chosen

    def _check(self) -> None:
        # A zero timeout or zero attempts would silently turn every order into a cached one: refuse to start.
        if min(self.connect_timeout_seconds, self.read_timeout_seconds, self.breaker_reset_seconds) <= 0:
            raise ConfigurationError("CATALOG_*_TIMEOUT_SECONDS and CATALOG_BREAKER_RESET_SECONDS must be positive")
        if self.retry_attempts < 1 or self.breaker_fail_max < 1:
            raise ConfigurationError("CATALOG_RETRY_ATTEMPTS and CATALOG_BREAKER_FAIL_MAX must be at least 1")


@dataclass(frozen=True)
class Config:
    common: CommonSettings
    catalog: CatalogSettings

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Config":
        return cls(common=CommonSettings.from_env(environ, SERVICE), catalog=CatalogSettings.from_env(environ))
