"""The dashboard: server-rendered pages (Jinja2) over the same store reads as the API.

Pages: the event list with its filters (htmx swaps the results in place), an article
with its spans highlighted by kind and its events, entities, a map of events by place
(Leaflet over Natural Earth outlines shipped with the package) and a timeline of events
per day by type. Every script, style and outline is served from ``/static``: a page
asks nothing of any other host.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..model import CERTAINTIES, EVENT_TYPES, Document
from ..store import EventFilter
from .params import event_filter

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
PAGE = 50
# A colour per PLOVER type: cooperation in blues and greens, conflict in oranges and reds.
TYPE_COLOURS = {
    "AGREE": "#1f77b4", "CONSULT": "#6baed6", "SUPPORT": "#2ca02c", "CONCEDE": "#98df8a", "COOPERATE": "#17becf",
    "AID": "#9edae5", "RETREAT": "#bcbd22", "REQUEST": "#7f7f7f", "ACCUSE": "#ff7f0e", "REJECT": "#ffbb78",
    "THREATEN": "#e377c2", "PROTEST": "#9467bd", "SANCTION": "#8c564b", "MOBILIZE": "#c49c94",
    "COERCE": "#d62728", "ASSAULT": "#a50f15",
}
KINDS = ("entity", "place", "time", "quantity", "quote", "trigger")


def segments(doc: Document) -> list[dict[str, Any]]:
    """The text cut where any span starts or ends: each piece with its offsets and the kinds covering it."""
    spans: list[tuple[int, int, str]] = []
    spans += [(m.start, m.end, "entity") for e in doc.entities for m in e.mentions]
    spans += [(m.start, m.end, "place") for p in doc.places for m in p.mentions]
    spans += [(t.start, t.end, "time") for t in doc.times]
    spans += [(q.start, q.end, "quantity") for q in doc.quantities]
    spans += [(q.start, q.end, "quote") for q in doc.quotes]
    spans += [(e.trigger.start, e.trigger.end, "trigger") for e in doc.events]
    cuts = sorted({0, len(doc.text), *(s for s, _e, _k in spans), *(e for _s, e, _k in spans)})
    starts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for start, end, kind in spans:
        starts[start].append((end, kind))
    out, open_spans = [], []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        open_spans = [(end, kind) for end, kind in open_spans if end > lo] + starts.get(lo, [])
        kinds = sorted({kind for _end, kind in open_spans})
        out.append({"start": lo, "end": hi, "text": doc.text[lo:hi], "kinds": kinds})
    return out


def event_rows(doc: Document) -> list[dict[str, Any]]:
    """Each event of ``doc`` as the article page lists it: who does what to whom, how sure, who says so."""
    quotes = {q.id: q for q in doc.quotes}
    places = {p.id: p for p in doc.places}
    times = {t.id: t for t in doc.times}
    rows = []
    for event in doc.events:
        quote = quotes.get(event.attribution) if event.attribution else None
        rows.append({
            "event": event, "says": quote.speaker if quote else None,
            "place": places[event.place].name if event.place in places else None,
            "time": times[event.time].text if event.time in times else None,
        })
    return rows


def router(stores: Any) -> APIRouter:
    """The dashboard's pages over ``stores`` (one store per worker thread)."""
    pages = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, **context: Any) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, name, {"types": EVENT_TYPES, "certainties": CERTAINTIES,
                                                          "colours": TYPE_COLOURS, **context})

    def filters(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.query_params.items() if v and k != "offset"}

    @pages.get("/", response_class=HTMLResponse)
    def events_page(request: Request, where: Annotated[EventFilter, Depends(event_filter)],
                    offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        page = stores.get().events(where, limit=PAGE, offset=offset)
        name = "events_results.html" if request.headers.get("HX-Request") else "events.html"
        return render(request, name, page=page, chosen=filters(request), by_type=stores.get().event_types(where))

    @pages.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        store = stores.get()
        doc = store.get(store.resolve(doc_id[:64]))
        return render(request, "document.html", doc=doc, segments=segments(doc), events=event_rows(doc),
                      kinds=KINDS)

    @pages.get("/entities", response_class=HTMLResponse)
    def entities_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
                      offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        page = stores.get().entities(query=q or None, limit=PAGE, offset=offset)
        name = "entities_results.html" if request.headers.get("HX-Request") else "entities.html"
        return render(request, name, page=page, q=q or "")

    @pages.get("/entities/{key:path}", response_class=HTMLResponse)
    def entity_page(request: Request, key: str) -> HTMLResponse:
        return render(request, "entity.html", entity=stores.get().entity(key[:500]))

    @pages.get("/map", response_class=HTMLResponse)
    def map_page(request: Request) -> HTMLResponse:
        return render(request, "map.html", chosen=filters(request))

    @pages.get("/timeline", response_class=HTMLResponse)
    def timeline_page(request: Request, where: Annotated[EventFilter, Depends(event_filter)]) -> HTMLResponse:
        rows = stores.get().event_timeline(where)
        days: dict[str, dict[str, int]] = defaultdict(dict)
        for row in rows:
            days[row["date"]][row["type"]] = row["count"]
        tallest = max((sum(types.values()) for types in days.values()), default=1)
        return render(request, "timeline.html", days=sorted(days.items()), tallest=tallest,
                      chosen=filters(request))

    return pages
