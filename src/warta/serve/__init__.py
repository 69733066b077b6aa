"""warta serve: a read-only REST API over a store, on FastAPI.

``create_app(db)`` builds the application; ``warta serve --db warta.db`` runs it on
uvicorn (loopback by default). The endpoints are thin layers over the store's own reads
(:meth:`~warta.store.Store.documents`, :meth:`~warta.store.Store.events`,
:meth:`~warta.store.Store.entities`, :meth:`~warta.store.Store.search`...), and their
JSON is the ``warta.document/1`` record or parts of it. ``POST /api/extract`` (text or
HTML in, record out, nothing stored) exists only when the app is created with
``allow_extract``; ``POST /api/ingest`` (the same, stored), the one route that writes,
only when it is created with an ``ingest_token`` (``warta serve --allow-ingest``, the
token from ``$WARTA_INGEST_TOKEN``) and only for requests that send it as a bearer
token. Both have a body-size and a time limit.

Every error is JSON ``{"error": "one line"}`` with its status: 400 for a bad parameter,
401 for a missing or wrong token, 404 for an unknown id, 413 for a body too large, 422
for an input that holds no article, 504 for an extraction past its time.
OpenAPI docs are at ``/docs``.
"""

from .api import ServeLimits, create_app

__all__ = ["ServeLimits", "create_app"]
