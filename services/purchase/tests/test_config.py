import pytest

from purchase.config import Config
from service_kit.settings import ConfigurationError


def test_replenishment_defaults_to_twenty_items_below_five_available():
    config = Config.from_env({})
    assert (config.replenish_threshold, config.replenish_quantity) == (5, 20)
    assert config.common.database_url == "sqlite:////data/purchase.db"


def test_replenishment_settings_come_from_the_environment():
    policy = Config.from_env({"REPLENISH_THRESHOLD": "10", "REPLENISH_QUANTITY": "50"}).replenishment_policy()
    assert (policy.threshold, policy.quantity) == (10, 50)


@pytest.mark.parametrize(
    "environ",
    [
        {"REPLENISH_THRESHOLD": "five"},
        {"REPLENISH_THRESHOLD": "2.5"},
        {"REPLENISH_THRESHOLD": "-1"},
        {"REPLENISH_QUANTITY": "0"},
        {"REPLENISH_QUANTITY": "-3"},
        {"REPLENISH_QUANTITY": "lots"},
        {"REPLENISH_QUANTITY": "1000001"},
    ],
)
def test_a_nonsensical_replenishment_setting_stops_the_service_from_starting(environ):
    with pytest.raises(ConfigurationError, match=next(iter(environ))):
        Config.from_env(environ)
