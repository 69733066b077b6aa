"""warta serve: a read-only REST API over a store, on FastAPI.

``create_app(db)`` builds the application; ``warta serve --db warta.db`` runs it on
uvicorn (loopback by default). The endpoints are thin layers over the store's own reads
(:meth:`~warta.store.Store.documents`, :meth:`~warta.store.Store.events`,
:meth:`~warta.store.Store.entities`, :meth:`~warta.store.Store.search`...), and their
JSON is the ``warta.document/1`` record or parts of it. Nothing writes to the store.
``POST /api/extract`` (text or HTML in, record out, nothing stored) exists only when the
app is created with ``allow_extract``, with a body-size and a time limit.

Every error is JSON ``{"error": "one line"}`` with its status: 400 for a bad parameter,
404 for an unknown id, 413 for a body too large, 504 for an extraction past its time.
OpenAPI docs are at ``/docs``.
"""

from .api import ServeLimits, create_app

__all__ = ["ServeLimits", "create_app"]
