"""python -m bench [--quick]: run the benchmark and write bench-results/bench.json and bench.md."""

import argparse
import json
import sys
from pathlib import Path

from bench.run import Bench, Settings, write_reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--rate", type=float, default=Settings.rate, help="orders offered per second")
    parser.add_argument("--seconds", type=float, default=Settings.seconds, help="length of the sustained load")
    parser.add_argument("--backlog", type=int, default=Settings.backlog, help="orders placed while stock is down")
    parser.add_argument("--quick", action="store_true", help="a short run that checks every figure is produced")
    parser.add_argument("--output", type=Path, default=Settings.output)
    parser.add_argument("--project", default=Settings.project)
    parser.add_argument("--port-offset", type=int, default=Settings.port_offset)
    parser.add_argument("--keep", action="store_true", help="leave the stack running afterwards")
    args = parser.parse_args(argv)
    settings = Settings(
        rate=30 if args.quick else args.rate,
        seconds=4 if args.quick else args.seconds,
        backlog=100 if args.quick else args.backlog,
        ceiling_messages=500 if args.quick else Settings.ceiling_messages,
        ceiling_seconds=2 if args.quick else Settings.ceiling_seconds,
        project=args.project,
        port_offset=args.port_offset,
        output=args.output,
        keep=args.keep,
    )
    figures = Bench(settings).run()
    json_path, markdown_path = write_reports(figures, settings.output)
    print(markdown_path.read_text())
    print(json.dumps(figures["verdicts"]), f"\nwritten: {json_path}, {markdown_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
