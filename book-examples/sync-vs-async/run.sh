#!/usr/bin/env bash
# Synchronous versus asynchronous coupling, measured on real HTTP and a real RabbitMQ.
#
#   book-examples/sync-vs-async/run.sh [--orders 20] [--slow-ms 100] [--too-slow-ms 400] [--timeout-ms 200]
#
# Starts a RabbitMQ container of its own (removed at the end) unless AMQP_URL names a broker to use,
# for instance the compose stack's: AMQP_URL=amqp://shop:change-me-please@127.0.0.1:5672/%2F
# Needs Docker and the project's .venv (made on first use, as `make test` makes it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

python=${PYTHON:-}
if [ -z "$python" ]; then
    make --silent -C "$root" .venv/.installed-requirements
    python=$root/.venv/bin/python
fi

if [ -z "${AMQP_URL:-}" ]; then
    broker=msfe-book-sync-vs-async-broker-$$
    docker run --detach --rm --name "$broker" --publish 127.0.0.1::5672 \
        --env RABBITMQ_DEFAULT_USER=book --env RABBITMQ_DEFAULT_PASS=book rabbitmq:3.13-management >/dev/null
    trap 'docker rm --force "$broker" >/dev/null' EXIT
    port=$(docker port "$broker" 5672/tcp | head -n 1 | sed 's/.*://')
    AMQP_URL=amqp://book:book@127.0.0.1:$port/%2F
    echo "RabbitMQ is starting in the container $broker; the measurement waits for it." >&2
fi

PYTHONPATH=$here "$python" -m coupling --amqp-url "$AMQP_URL" "$@"
