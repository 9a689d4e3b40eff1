"""Tools that keep contracts/ the single source of truth, shared by the tests, make and CI.

- `responses`: every HTTP response a test sees is checked against the service's OpenAPI document.
- `pytest_plugin`: hooks that check into the Flask test clients of every service's tests.
- `compatibility`: a published event schema version may never change in a way that breaks a consumer.
- `rendering`: the AsyncAPI and OpenAPI documents as Markdown pages for a reader (docs/contracts).
"""
