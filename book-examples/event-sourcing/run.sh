#!/usr/bin/env bash
# An event-sourced aggregate and projections rebuilt from its events (Python 3 only, no Docker).
#
#   book-examples/event-sourcing/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH=$here exec "${PYTHON:-python3}" -m event_sourcing
