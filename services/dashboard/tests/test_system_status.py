from dashboard.system_status import QueueDepth, QueuesAnswer, ServiceStatus, SystemSnapshot, own_status

NOW = "2026-12-04T10:00:00Z"


def test_readiness_ok_is_up_and_degraded_is_degraded():
    assert ServiceStatus.from_readiness(200, {"status": "ok"}, NOW).status == "up"
    assert ServiceStatus.from_readiness(200, {"status": "degraded"}, NOW).status == "degraded"


def test_a_503_an_unknown_status_or_no_json_is_down_with_a_reason():
    for http_status, report in [(503, {"status": "down"}), (200, {"status": "fine"}), (200, None), (404, None)]:
        status = ServiceStatus.from_readiness(http_status, report, NOW)
        assert status.status == "down"
        assert status.error


def test_the_dashboards_own_status_maps_its_readiness():
    assert own_status({"status": "ok"}, NOW).status == "up"
    assert own_status({"status": "degraded"}, NOW).status == "degraded"
    assert own_status({"status": "down"}, NOW).status == "down"


def test_every_service_is_down_until_first_checked():
    snapshot = SystemSnapshot.before_first_check(("catalog",))
    assert snapshot.services["catalog"] == ServiceStatus("down", None, None, "not checked yet")
    assert (snapshot.broker.status, snapshot.queues, snapshot.checked_at) == ("down", (), None)


def test_queue_figures_survive_a_broker_outage_marked_stale_and_freshen_when_it_answers_again():
    depths = [QueueDepth("sales.events", 3, 3, 0, 1)]
    up = SystemSnapshot.before_first_check(()).checked({}, QueuesAnswer(depths), NOW)
    down = up.checked({}, QueuesAnswer(error="unreachable"), NOW)
    assert (down.broker.status, down.broker.stale, down.broker.error) == ("down", True, "unreachable")
    assert down.queues == tuple(depths)
    back = down.checked({}, QueuesAnswer([]), NOW)
    assert (back.broker.status, back.broker.stale, back.queues) == ("up", False, ())
