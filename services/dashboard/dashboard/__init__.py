"""Dashboard: a read model of every bounded context (CQRS) and the web UI that shows it."""
