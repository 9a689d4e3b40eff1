"""Synchronous versus asynchronous coupling, measured.

Checkout takes orders; stock makes a reservation for each. Checkout either asks stock over HTTP
and waits for its answer (synchronous), or puts a message on a RabbitMQ queue and answers at once
(asynchronous). `python -m coupling` makes stock healthy, slow, too slow or gone, sends the same
orders both ways, and prints what the customer saw (answers, latency) and what stock did
(reservations, and when).
"""
