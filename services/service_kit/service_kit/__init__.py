"""Infrastructure shared by every service: plumbing only, never domain code.

Sharing a logger, an outbox relay or a consumer loop is harmless; sharing a domain model would couple
the bounded contexts into the distributed monolith the book warns about.
"""
