"""python -m coupling --amqp-url URL: run every measurement and print the figures (run.sh starts a broker)."""

import argparse
import json
import logging
import textwrap
import threading
import uuid
from pathlib import Path

from werkzeug.serving import make_server

from coupling import broker, report
from coupling.checkout import create_app
from coupling.measure import Condition, Measurement
from coupling.stock import Stock


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m coupling", description=__doc__)
    parser.add_argument("--amqp-url", required=True, help="a RabbitMQ to put the queue on")
    parser.add_argument("--orders", type=int, default=20, help="orders per measurement (default: 20)")
    parser.add_argument("--slow-ms", type=int, default=100, help="stock's delay when slow (default: 100)")
    parser.add_argument("--too-slow-ms", type=int, default=400, help="stock's delay when too slow (default: 400)")
    parser.add_argument("--timeout-ms", type=int, default=200, help="how long checkout waits for stock (default: 200)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.orders < 2:
        parser.error("--orders must be at least 2: percentiles need two figures")
    return args


def conditions(args: argparse.Namespace) -> list[Condition]:
    return [
        Condition("healthy"),
        Condition("slow", args.slow_ms / 1000),
        Condition("too slow", args.too_slow_ms / 1000),
        Condition("gone", gone=True),
    ]


def main() -> None:
    args = arguments()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request: the table is the output
    queue = f"book.sync-vs-async.{uuid.uuid4().hex[:8]}"
    broker.connect(args.amqp_url, patience_seconds=60).close()  # a broker that has just started may need a while
    broker.declare(args.amqp_url, queue)
    stock = Stock(args.amqp_url, queue)
    stock.start()
    publisher = broker.Publisher(args.amqp_url, queue)
    # One request at a time, so the publisher's connection stays on one thread, as pika requires.
    checkout = make_server("127.0.0.1", 0, create_app(stock.url, publisher, args.timeout_ms / 1000), threaded=False)
    threading.Thread(target=checkout.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        measurement = Measurement(f"http://127.0.0.1:{checkout.port}", stock, args.amqp_url, queue, args.orders)
        results = [
            measurement.run(coupling, condition) for condition in conditions(args) for coupling in ("sync", "async")
        ]
    finally:
        checkout.shutdown()
        publisher.close()
        stock.stop()
        broker.delete(args.amqp_url, queue)
    print(
        f"{args.orders} orders each way; stock slow = +{args.slow_ms} ms, too slow = +{args.too_slow_ms} ms a "
        f"reservation, gone = stopped; checkout waits {args.timeout_ms} ms for stock.\n"
    )
    print(report.table(results))
    print()
    for finding in report.findings(results):
        print(textwrap.fill(finding, width=100, initial_indent="- ", subsequent_indent="  "))
    if args.json:
        args.json.write_text(json.dumps([result.as_dict() for result in results], indent=2))


if __name__ == "__main__":
    main()
