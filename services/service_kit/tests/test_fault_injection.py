"""The drills' fault switch: off by default, and when armed it kills the process once per name."""

import signal

import pytest

from service_kit import fault_injection
from service_kit.fault_injection import CrashAfterCommit
from service_kit.settings import ConfigurationError


@pytest.fixture
def kills(monkeypatch) -> list[tuple[int, int]]:
    """The kills the switch asks for, instead of this test process dying."""
    asked: list[tuple[int, int]] = []
    monkeypatch.setattr(fault_injection.os, "kill", lambda pid, sig: asked.append((pid, sig)))
    return asked


def test_the_switch_is_off_when_the_setting_is_empty(tmp_path):
    assert CrashAfterCommit.from_setting("", str(tmp_path / "stock.db")) is None


def test_the_switch_is_off_for_an_in_memory_database():
    assert CrashAfterCommit.from_setting("drill-1", ":memory:") is None


def test_an_armed_switch_kills_its_process_once_and_remembers_it_beside_the_database(tmp_path, kills):
    switch = CrashAfterCommit.from_setting("drill-1", str(tmp_path / "stock.db"))
    switch.after_commit("message-1", "sales.sales_order_placed")
    switch.after_commit("message-2", "sales.sales_order_placed")
    assert [sig for _, sig in kills] == [signal.SIGKILL]
    assert (tmp_path / "crashed-after-commit-drill-1").read_text() == "sales.sales_order_placed message-1\n"


def test_the_process_that_starts_next_does_not_crash_again_but_a_new_name_arms_it_again(tmp_path, kills):
    CrashAfterCommit.from_setting("drill-1", str(tmp_path / "stock.db")).after_commit("m-1", "t")
    CrashAfterCommit.from_setting("drill-1", str(tmp_path / "stock.db")).after_commit("m-2", "t")
    CrashAfterCommit.from_setting("drill-2", str(tmp_path / "stock.db")).after_commit("m-3", "t")
    assert len(kills) == 2


def test_a_name_that_is_no_file_name_is_refused(tmp_path):
    with pytest.raises(ConfigurationError):
        CrashAfterCommit.from_setting("../../etc/passwd", str(tmp_path / "stock.db"))
