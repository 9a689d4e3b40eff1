"""Every setting purchase reads, with defaults that work in docker compose."""

from collections.abc import Mapping
from dataclasses import dataclass

from purchase.domain import MAX_QUANTITY, ReplenishmentPolicy
from service_kit import settings
from service_kit.settings import ConfigurationError
from service_kit.wiring import CommonSettings

SERVICE = "purchase"
DEFAULT_REPLENISH_THRESHOLD = 5
DEFAULT_REPLENISH_QUANTITY = 20


@dataclass(frozen=True)
class Config:
    common: CommonSettings
    replenish_threshold: int = DEFAULT_REPLENISH_THRESHOLD
    replenish_quantity: int = DEFAULT_REPLENISH_QUANTITY

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Config":
        threshold = settings.integer(environ, "REPLENISH_THRESHOLD", DEFAULT_REPLENISH_THRESHOLD)
        quantity = settings.integer(environ, "REPLENISH_QUANTITY", DEFAULT_REPLENISH_QUANTITY)
        # Refuse to start rather than open purchase orders the domain would refuse later, in the consumer.
        if threshold < 0:
            raise ConfigurationError(f"REPLENISH_THRESHOLD must be 0 or more, got {threshold}")
        if not 1 <= quantity <= MAX_QUANTITY:
            raise ConfigurationError(f"REPLENISH_QUANTITY must be from 1 to {MAX_QUANTITY}, got {quantity}")
        return cls(CommonSettings.from_env(environ, SERVICE), threshold, quantity)

    def replenishment_policy(self) -> ReplenishmentPolicy:
        return ReplenishmentPolicy(self.replenish_threshold, self.replenish_quantity)
