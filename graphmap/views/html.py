"""Self-contained, offline, escaped HTML pages around a pyvis network.

pyvis assembles nodes and edges; its stock template is not used, because it loads vis-network
and Bootstrap from CDNs and turns tooltips containing markup into live HTML. Our template is
autoescaped Jinja2, inlines the vis-network build shipped inside the pyvis wheel, and passes all
data as JSON that cannot close its script element. Tooltips are plain strings, which
vis-network 9 shows as text: a name such as ``<img src=x onerror=…>`` stays text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

from graphmap.i18n import Words, catalogue

VIS_DIR = "templates/lib/vis-9.1.2"
IMPROVED_LAYOUT_LIMIT = 100  # vis-network's improvedLayout is quadratic: off above this
MAX_NODES = 800  # larger views keep the nodes that matter most and say how many they left out


@dataclass
class LegendItem:
    """One legend row: a shape, its colour, and what it means."""

    label: str
    color: str
    shape: str = "dot"  # dot, diamond, triangle, star, square, ring, line, dashed


@dataclass
class PlanItem:
    """One action in the side panel; hovering it highlights ``path`` in the graph."""

    label: str  # who, and how much of the decision
    route: str  # through whom
    why: str
    path: list[str]
    person_id: str


@dataclass
class Page:
    """Everything a view page shows: the network, legend, key facts, plan and links."""

    title: str
    subtitle: str
    net: Network
    legend: list[LegendItem]
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    facts: list[str] = field(default_factory=list)  # lines above the graph
    hidden: int = 0  # nodes left out by the size cap
    plan: list[PlanItem] = field(default_factory=list)  # who to reach, through whom
    layout: str = "force"  # "tree" (with filters) or "chart": nodes carry their positions
    stances: list[tuple[str, str]] = field(default_factory=list)  # (code, words) to filter by
    lang: str = "en"  # the language of every word on the page (graphmap/i18n)
    edit: dict[str, str] | None = None  # an editor's session: {"token", "project"}
    document: str = ""  # safe HTML printed after the picture (the handover checklist)


@dataclass(frozen=True)
class Nav:
    """A page served by ``graphmap serve``: its links to other views work (and carry the
    page's language), and ``log_out`` when the server asks for keys. A page written to a file
    has no links: they would point at a server the file does not come with."""

    log_out: bool = False


def with_lang(href: str, lang: str) -> str:
    """A link to another view in the same language (English needs no parameter; the JSON
    API has no language).

    >>> with_lang("/views/bid/b1?as_of=2026-11-22", "zh")
    '/views/bid/b1?as_of=2026-11-22&lang=zh'
    """
    if lang == "en" or not href.startswith("/views"):
        return href
    return f"{href}{'&' if '?' in href else '?'}lang={lang}"


def new_network() -> Network:
    """An empty pyvis network with local (offline) resources."""
    return Network(directed=True, cdn_resources="local")


@cache
def _assets() -> tuple[str, str]:
    lib = files("pyvis") / VIS_DIR
    return (
        (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        (lib / "vis-network.css").read_text(encoding="utf-8"),
    )


def url_id(node_id: str) -> str:
    """An id as one URL path segment or query value: ``?``, ``#``, ``%``, ``&`` and spaces in
    an id are percent-encoded, so every id the model takes reaches its page."""
    return quote(node_id, safe="")


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("graphmap.views", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url_id"] = url_id
    return env


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' survives to close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def physics_options(n_nodes: int, layout: str, seed: int = 7) -> dict[str, Any]:
    """Nothing blocks the first paint: a tree is drawn where it was laid out, with physics off;
    a force layout is drawn at once and settles while the reader already looks at it."""
    force = {
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2},
        "stabilization": {"enabled": False},
    }
    return {
        "layout": {"randomSeed": seed, "improvedLayout": n_nodes <= IMPROVED_LAYOUT_LIMIT},
        "physics": {**force, "enabled": layout == "force"},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
    }


def render(page: Page, physics: dict[str, Any] | None = None, nav: Nav | None = None) -> str:
    """The page as one HTML string that needs nothing from the network. ``physics`` replaces
    the physics options (the benchmark draws its baseline, the previous renderer, with it);
    ``nav`` when a server serves it."""
    js, css = _assets()
    nodes = page.net.nodes
    edges = page.net.edges
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": physics_options(len(nodes), page.layout),
        "search": sorted(
            ({"id": n["id"], "label": n.get("name", n.get("label", n["id"]))} for n in nodes),
            key=lambda n: str(n["label"]).lower(),
        ),
        "plan": [{"path": item.path, "person": item.person_id} for item in page.plan],
        "layout": page.layout,
        "counts": catalogue(page.lang)["counts_shown"],
        "edit": page.edit,
        "words": {  # what the edit panel's script writes
            k: v
            for k, v in catalogue(page.lang).items()
            if k.startswith(("ed_", "stance.", "role."))
        }
        if page.edit
        else {},
    }
    if physics is not None:
        data["options"]["physics"] = {**data["options"]["physics"], **physics}
    return (
        _env()
        .get_template("view.html")
        .render(
            page=page,
            links=[(text, with_lang(href, page.lang)) for text, href in page.links] if nav else [],
            log_out=nav is not None and nav.log_out,
            t=Words(page.lang),
            vis_js=js,
            vis_css=css,
            data_json=script_json(data),
            node_count=len(nodes),
            edge_count=len(edges),
        )
    )


def render_index(
    sections: list[tuple[str, list[tuple[str, str, str]]]], t: Words, subtitle: str
) -> str:
    """The views index: sections of (link text, href, detail) rows; every link, and the one
    back to the dashboard, in the page's language."""
    in_lang = [
        (title, [(text, with_lang(href, t.lang), detail) for text, href, detail in rows])
        for title, rows in sections
    ]
    return (
        _env()
        .get_template("index.html")
        .render(sections=in_lang, t=t, subtitle=subtitle, home=with_lang("/views", t.lang))
    )


def render_login(next_path: str, t: Words, problem: str = "") -> str:
    """The login page; ``problem`` says why the last key was refused."""
    return (
        _env()
        .get_template("page.html")
        .render(t=t, title=t("login_title"), login=True, next=next_path, problem=problem)
    )


def render_error(t: Words, title: str, message: str) -> str:
    """An error page in the views' style, with a way back."""
    template = _env().get_template("page.html")
    return template.render(t=t, title=title, message=message, login=False)
