#!/usr/bin/env bash
# A guided tour of serialization and message versioning: real messages to sales' real consumer.
#
#   book-examples/message-versioning/run.sh
#
# Runs the services' own code in process: no Docker, no broker. Needs the project's .venv (made on
# first use, as `make test` makes it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-}
if [ -z "$python" ]; then
    make --silent -C "$root" .venv/.installed-requirements
    python=$root/.venv/bin/python
fi
PYTHONPATH=$root/services/service_kit:$root/services/sales exec "$python" "$here/tour.py"
