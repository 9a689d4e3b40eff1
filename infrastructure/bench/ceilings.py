"""What the machine can do without our code in the way: the broker alone and gunicorn alone.

Each system figure is reported beside the ceiling it runs up against, measured in the same run.
"""

import subprocess
import time
from pathlib import Path

import pika
import requests

from bench.load import closed_loop

MINIMAL_APP = Path(__file__).with_name("minimal_app.py")


def broker_rates(amqp_url: str, message_size: int, count: int) -> dict[str, float]:
    """Publish with confirms and persistence, then consume with manual acks, like the relay and consumer."""
    body = b"x" * message_size
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        queue = "bench.ceiling"
        channel.queue_declare(queue, durable=True)
        channel.queue_purge(queue)
        channel.confirm_delivery()
        properties = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent, content_type="application/json")
        started = time.monotonic()
        for _ in range(count):
            channel.basic_publish("", queue, body, properties, mandatory=True)
        publish_rate = count / (time.monotonic() - started)

        received = 0
        channel.basic_qos(prefetch_count=50)
        started = time.monotonic()
        for method, _, _ in channel.consume(queue, inactivity_timeout=5):
            if method is None:
                break
            channel.basic_ack(method.delivery_tag)
            received += 1
            if received == count:
                break
        consume_rate = received / (time.monotonic() - started)
        channel.cancel()
        channel.queue_delete(queue)
    finally:
        connection.close()
    return {"publish_per_second": publish_rate, "consume_per_second": consume_rate}


def gunicorn_rate(image: str, port: int, seconds: float, workers: int) -> float:
    """Requests a second of a hello-world Flask app under the services' own gunicorn settings and image."""
    name = f"bench-gunicorn-ceiling-{port}"
    subprocess.run(["docker", "rm", "-f", name], capture_output=True)
    subprocess.run(
        [
            "docker",
            "run",
            "-d",
            "--name",
            name,
            "-p",
            f"127.0.0.1:{port}:8000",
            "-v",
            f"{MINIMAL_APP}:/app/minimal_app.py:ro",
            image,
            "gunicorn",
            "--config",
            "python:service_kit.gunicorn_conf",
            "minimal_app:app",
        ],
        check=True,
        capture_output=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(url, timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the minimal gunicorn app did not start")
            time.sleep(0.2)
        return closed_loop(url, seconds, workers)
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True)
