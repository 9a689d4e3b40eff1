#!/usr/bin/env bash
# A guided tour of ports and adapters in the main system: sales' use case with three sets of adapters.
#
#   book-examples/ports-and-adapters/run.sh
#
# Runs sales' own code in process: no Docker, no broker. Needs the project's .venv (made on first use,
# as `make test` makes it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-}
if [ -z "$python" ]; then
    make --silent -C "$root" .venv/.installed-requirements
    python=$root/.venv/bin/python
fi
PYTHONPATH=$root/services/service_kit:$root/services/sales exec "$python" "$here/tour.py"
