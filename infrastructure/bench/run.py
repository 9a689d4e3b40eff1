"""One benchmark run on its own compose project: start-up, idle, sustained load, backlog, ceilings."""

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from bench import ceilings, footprint
from bench.decisions import DecisionWatcher
from bench.load import OrderClient, burst, steady
from workshop.compose import ROOT, ComposeProject, side_ports
from workshop.figures import percentile

SERVICES = ("catalog", "purchase", "sales", "stock", "dashboard")
THRESHOLDS = {
    "orders_decided_per_second": (">=", 100),
    "placed_to_decided_p95_ms": ("<", 300),
    "backlog_drain_events_per_second": (">=", 500),
    "memory_idle_mib": ("<", 600),
    "largest_image_added_mib": ("<", 40),
    "ready_seconds": ("<", 20),
}


@dataclass(frozen=True)
class Settings:
    rate: float = 120
    seconds: float = 30
    backlog: int = 2000
    ceiling_messages: int = 5000
    ceiling_seconds: float = 10
    project: str = "msfe-bench"
    port_offset: int = 5000
    output: Path = ROOT / "bench-results"
    keep: bool = False


class Bench:
    def __init__(self, settings: Settings, say=print):
        self.settings = settings
        self.say = say
        self.project = ComposeProject(settings.project, ports=side_ports(settings.port_offset))
        self.url = {name: f"http://127.0.0.1:{self.project.ports[name.upper()]}" for name in SERVICES}
        self.figures: dict = {}

    def run(self) -> dict:
        self.say(f"building images for project {self.project.name}")
        self.project.build()
        try:
            self.measure_startup()
            self.figures["memory_idle_by_service_mib"] = self._settled_memory()
            self.figures["memory_idle_mib"] = round(sum(self.figures["memory_idle_by_service_mib"].values()), 1)
            product_id = self.stocked_product()
            with DecisionWatcher(self.project.amqp_url()) as watcher:
                self.measure_sustained(OrderClient(self.url["sales"], product_id), watcher)
                self.measure_backlog(OrderClient(self.url["sales"], product_id), watcher)
            self.measure_ceilings()
            self.measure_images()
        finally:
            if not self.settings.keep:
                self.project.down()
        self.figures["ratios"] = self.ratios()
        self.figures["verdicts"] = self.verdicts()
        return self.figures

    def measure_startup(self) -> None:
        self.project.down()
        started = time.monotonic()
        self.project.up()
        self._wait(lambda: all(self._ready(name) == "ok" for name in SERVICES), 120, "every service ready")
        self.figures["ready_seconds"] = round(time.monotonic() - started, 1)
        self.say(f"up -d to all ready (status ok): {self.figures['ready_seconds']} s")

    def stocked_product(self) -> str:
        product = requests.post(
            f"{self.url['catalog']}/products", json={"name": "Bench mug", "price_cents": 450}, timeout=10
        ).json()
        product_id = product["product_id"]
        self._wait(
            lambda: (
                requests.post(
                    f"{self.url['purchase']}/purchase-orders",
                    json={"product_id": product_id, "quantity": 1_000_000},
                    timeout=10,
                ).status_code
                == 201
            ),
            30,
            "purchase knows the product",
        )
        orders = requests.get(f"{self.url['purchase']}/purchase-orders", timeout=10).json()["purchase_orders"]
        requests.post(f"{self.url['purchase']}/purchase-orders/{orders[-1]['purchase_order_id']}/receive", timeout=10)
        self._wait(
            lambda: requests.get(f"{self.url['stock']}/stock-levels/{product_id}", timeout=10).status_code == 200,
            30,
            "stock received the goods",
        )
        return product_id

    def measure_sustained(self, client: OrderClient, watcher: DecisionWatcher) -> None:
        s = self.settings
        self.say(f"sustained load: {s.rate:g} orders/s offered for {s.seconds:g} s")
        peak = {"memory": 0.0}
        done = threading.Event()

        def sample_memory() -> None:
            while not done.wait(2):
                peak["memory"] = max(peak["memory"], sum(footprint.memory_mib(self.project.name).values()))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        result = steady(client, s.rate, s.seconds)
        accepted = [p for p in result.accepted]
        ids = [p.order_id for p in accepted]
        watcher.wait_for(ids, timeout=60)
        done.set()
        sampler.join()
        decided = watcher.times(ids)
        latencies = [(decided[p.order_id] - p.answered_at) * 1000 for p in accepted if p.order_id in decided]
        window = max(decided.values(), default=result.ended) - result.started
        self.figures.update(
            {
                "orders_offered_per_second": s.rate,
                "orders_accepted_per_second": round(len(accepted) / (result.ended - result.started), 1),
                "orders_decided_per_second": round(len(decided) / window, 1),
                "orders_placed": len(result.placements),
                "orders_not_accepted": result.errors,
                "orders_not_decided": len(ids) - len(decided),
                "placement_p95_ms": percentile([(p.answered_at - p.sent_at) * 1000 for p in accepted], 95),
                "placed_to_decided_p50_ms": percentile(latencies, 50),
                "placed_to_decided_p95_ms": percentile(latencies, 95),
                "placed_to_decided_p99_ms": percentile(latencies, 99),
                "memory_under_load_mib": round(peak["memory"], 1),
            }
        )
        self.say(
            f"  accepted {self.figures['orders_accepted_per_second']}/s, "
            f"decided {self.figures['orders_decided_per_second']}/s, "
            f"p95 placed-to-decided {self.figures['placed_to_decided_p95_ms']} ms"
        )

    def measure_backlog(self, client: OrderClient, watcher: DecisionWatcher) -> None:
        count = self.settings.backlog
        self.say(f"backlog: stock stopped while {count} orders are placed")
        self.project.stop("stock")
        result = burst(client, count)
        ids = [p.order_id for p in result.accepted]
        self._wait(lambda: self._queue_depth("stock.events") >= len(ids), 120, "every placed event waits for stock")
        started = time.monotonic()
        self.project.start("stock")
        if not watcher.wait_for(ids, timeout=300):
            raise RuntimeError(f"only {watcher.count(ids)} of {len(ids)} backlog orders were decided")
        decided = sorted(watcher.times(ids).values())
        self.figures.update(
            {
                "backlog_orders": len(ids),
                "backlog_accepted_per_second_with_stock_down": round(len(ids) / (result.ended - result.started), 1),
                "backlog_drain_events_per_second": round(len(ids) / max(decided[-1] - decided[0], 1e-3), 1),
                "backlog_recovery_seconds_from_start": round(decided[-1] - started, 1),
            }
        )
        self.say(f"  drained {self.figures['backlog_drain_events_per_second']} events/s")

    def measure_ceilings(self) -> None:
        s = self.settings
        self.say("ceilings: the broker alone, gunicorn alone")
        rates = ceilings.broker_rates(self.project.amqp_url(), message_size=400, count=s.ceiling_messages)
        self.figures["ceiling_broker_publish_per_second"] = round(rates["publish_per_second"], 1)
        self.figures["ceiling_broker_consume_per_second"] = round(rates["consume_per_second"], 1)
        image = f"{self.project.name}-catalog"
        port = self.project.ports["DASHBOARD"] + 100
        self.figures["ceiling_gunicorn_requests_per_second"] = round(
            ceilings.gunicorn_rate(image, port, s.ceiling_seconds, workers=16), 1
        )

    def measure_images(self) -> None:
        sizes = {}
        for name in SERVICES:
            base = footprint.base_image_of(str(ROOT / "services" / name / "Dockerfile"))
            size = footprint.image_mib(f"{self.project.name}-{name}")
            sizes[name] = {
                "image_mib": round(size, 1),
                "added_over_base_mib": round(size - footprint.image_mib(base), 1),
                "base": base,
            }
        self.figures["images"] = sizes
        self.figures["largest_image_added_mib"] = max(entry["added_over_base_mib"] for entry in sizes.values())

    def ratios(self) -> dict[str, float]:
        f = self.figures
        return {
            "orders_accepted_vs_gunicorn": round(
                f["orders_accepted_per_second"] / f["ceiling_gunicorn_requests_per_second"], 3
            ),
            "orders_decided_vs_broker_consume": round(
                f["orders_decided_per_second"] / f["ceiling_broker_consume_per_second"], 3
            ),
            "backlog_drain_vs_broker_consume": round(
                f["backlog_drain_events_per_second"] / f["ceiling_broker_consume_per_second"], 3
            ),
            "backlog_accept_vs_gunicorn": round(
                f["backlog_accepted_per_second_with_stock_down"] / f["ceiling_gunicorn_requests_per_second"], 3
            ),
        }

    def verdicts(self) -> dict[str, bool]:
        checks = {">=": lambda a, b: a >= b, "<": lambda a, b: a < b}
        return {name: checks[op](self.figures[name], bound) for name, (op, bound) in THRESHOLDS.items()}

    def _ready(self, name: str) -> str:
        try:
            return requests.get(f"{self.url[name]}/health/ready", timeout=2).json()["status"]
        except (requests.RequestException, ValueError, KeyError):
            return "unreachable"

    def _queue_depth(self, queue: str) -> int:
        management = f"http://127.0.0.1:{self.project.ports['RABBITMQ_MANAGEMENT']}/api/queues/%2F/{queue}"
        return requests.get(management, auth=self.project.credentials, timeout=5).json().get("messages", 0)

    def _settled_memory(self) -> dict[str, float]:
        time.sleep(5)  # let start-up allocations settle before calling the stack idle
        return footprint.memory_mib(self.project.name)

    @staticmethod
    def _wait(probe, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not _safe(probe):
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for: {what}")
            time.sleep(0.1)


def _safe(probe) -> bool:
    try:
        return bool(probe())
    except (requests.RequestException, ValueError, KeyError):
        return False


def write_reports(figures: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path, markdown_path = folder / "bench.json", folder / "bench.md"
    json_path.write_text(json.dumps(figures, indent=2) + "\n")
    markdown_path.write_text(markdown(figures))
    return json_path, markdown_path


def markdown(f: dict) -> str:
    ok = {True: "yes", False: "**no**"}
    v = f["verdicts"]
    r = f["ratios"]
    rows = [
        (
            f"orders accepted per second (offered {f['orders_offered_per_second']:g}/s)",
            f["orders_accepted_per_second"],
            f"{r['orders_accepted_vs_gunicorn']:.0%} of gunicorn's {f['ceiling_gunicorn_requests_per_second']}/s",
            "",
        ),
        (
            "orders decided per second",
            f["orders_decided_per_second"],
            f"{r['orders_decided_vs_broker_consume']:.0%} of the broker's "
            f"{f['ceiling_broker_consume_per_second']}/s consume",
            ok[v["orders_decided_per_second"]] + " (>= 100)",
        ),
        (
            "placed-to-decided p50 / p95 / p99 (ms)",
            f"{f['placed_to_decided_p50_ms']} / {f['placed_to_decided_p95_ms']} / {f['placed_to_decided_p99_ms']}",
            "",
            ok[v["placed_to_decided_p95_ms"]] + " (p95 < 300)",
        ),
        (
            f"backlog of {f['backlog_orders']} orders drained, events per second",
            f["backlog_drain_events_per_second"],
            f"{r['backlog_drain_vs_broker_consume']:.0%} of the broker's consume rate",
            ok[v["backlog_drain_events_per_second"]] + " (>= 500)",
        ),
        (
            "orders accepted per second while stock is down",
            f["backlog_accepted_per_second_with_stock_down"],
            f"{r['backlog_accept_vs_gunicorn']:.0%} of gunicorn's rate",
            "",
        ),
        (
            "memory of the stack idle / under load (MiB)",
            f"{f['memory_idle_mib']} / {f['memory_under_load_mib']}",
            "",
            ok[v["memory_idle_mib"]] + " (idle < 600)",
        ),
        (
            "largest image addition over its base (MiB)",
            f["largest_image_added_mib"],
            "",
            ok[v["largest_image_added_mib"]] + " (< 40)",
        ),
        ("`docker compose up -d` to all ready (s)", f["ready_seconds"], "", ok[v["ready_seconds"]] + " (< 20)"),
        (
            "broker alone: publish / consume per second (confirms, persistent)",
            f"{f['ceiling_broker_publish_per_second']} / {f['ceiling_broker_consume_per_second']}",
            "ceiling",
            "",
        ),
        ("gunicorn alone: requests per second", f["ceiling_gunicorn_requests_per_second"], "ceiling", ""),
    ]
    lines = ["| figure | value | against its ceiling | target met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    images = ", ".join(f"{n} +{e['added_over_base_mib']}" for n, e in f["images"].items())
    lines += ["", f"Image additions over their base (MiB): {images}."]
    return "\n".join(lines) + "\n"
