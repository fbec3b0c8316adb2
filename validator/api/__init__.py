"""The HTTP API of the submission service (FastAPI; OpenAPI at ``/docs`` and ``/openapi.json``)."""
