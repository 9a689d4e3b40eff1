"""The container healthcheck: `python -S -m service_kit.probe` exits 0 while /health/ready answers 200.

Docker runs it every few seconds in every container, so it is built for a cheap start: a raw socket
instead of urllib (whose imports cost three times as much CPU), and `-S` to skip site-packages.
"""

import socket
import sys

REQUEST = b"GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n"


def ready(host: str = "127.0.0.1", port: int = 8000, timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(REQUEST)
            status_line = connection.recv(64).split(b"\r\n", 1)[0]
    except OSError:
        return False
    return status_line.split(b" ")[1:2] == [b"200"]


if __name__ == "__main__":
    sys.exit(0 if ready(port=int(sys.argv[1]) if len(sys.argv) > 1 else 8000) else 1)
