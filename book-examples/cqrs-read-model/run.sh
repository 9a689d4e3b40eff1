#!/usr/bin/env bash
# A guided tour of CQRS in the main system: the dashboard's read model, fed with events and queried.
#
#   book-examples/cqrs-read-model/run.sh
#
# Runs the dashboard's own code in process: no Docker, no broker. Needs the project's .venv (made on
# first use, as `make test` makes it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-}
if [ -z "$python" ]; then
    make --silent -C "$root" .venv/.installed-requirements
    python=$root/.venv/bin/python
fi
PYTHONPATH=$root/services/service_kit:$root/services/dashboard exec "$python" "$here/tour.py"
