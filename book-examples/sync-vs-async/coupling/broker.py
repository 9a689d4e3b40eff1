"""The queue between checkout and stock: one durable queue of order ids on a real RabbitMQ."""

import pika
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_fixed

QUEUE_EXPIRES_MS = 600_000  # a queue left behind by an interrupted run disappears after ten minutes


def connect(amqp_url: str, patience_seconds: float = 0) -> pika.BlockingConnection:
    """A connection; with patience, keep trying while the broker is starting."""
    for attempt in Retrying(
        stop=stop_after_delay(patience_seconds),
        wait=wait_fixed(0.5),
        retry=retry_if_exception_type(pika.exceptions.AMQPConnectionError),
        reraise=True,
    ):
        with attempt:
            return pika.BlockingConnection(pika.URLParameters(amqp_url))


def declare(amqp_url: str, queue: str) -> None:
    connection = connect(amqp_url)
    connection.channel().queue_declare(queue, durable=True, arguments={"x-expires": QUEUE_EXPIRES_MS})
    connection.close()


def depth(amqp_url: str, queue: str) -> int:
    connection = connect(amqp_url)
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def delete(amqp_url: str, queue: str) -> None:
    connection = connect(amqp_url)
    connection.channel().queue_delete(queue)
    connection.close()


class Publisher:
    """Checkout's side: publish with confirms, so a 202 means the broker has the message."""

    def __init__(self, amqp_url: str, queue: str):
        self._queue = queue
        self._connection = connect(amqp_url)
        self._channel = self._connection.channel()
        self._channel.confirm_delivery()

    def publish(self, order_id: str) -> None:
        properties = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent)
        self._channel.basic_publish("", self._queue, order_id.encode(), properties, mandatory=True)

    def close(self) -> None:
        self._connection.close()
