"""What every command shares: the app, its options, error printing, the store, JSON."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.table import Table

from graphmap.errors import GraphmapError, InvalidInput
from graphmap.store import open_store
from graphmap.store.base import GraphStore
from graphmap.views.inert import InertConsole, inert

if TYPE_CHECKING:
    pass


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Map who decides a bid, who in the firm knows them, and what leaves with "
    "a departing colleague.",
)


out = InertConsole()


err = InertConsole(stderr=True)


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="sqlite:///path.db or neo4j://host:port (env GRAPHMAP_STORE; "
        "default sqlite:///graphmap.db)",
    ),
]


JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result model as JSON.")]


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Analyse as of this ISO date (default today).")
]


@app.callback()
def main(ctx: typer.Context, store: StoreOption = None) -> None:
    """Options every command shares (the store)."""
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # our own errors say what failed
    ctx.obj = {"store": store}


@contextmanager
def plain_errors() -> Iterator[None]:
    """Print graphmap errors as plain lines on stderr and exit 1."""
    try:
        yield
    except GraphmapError as exc:
        for line in exc.lines():
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


@contextmanager
def opened(ctx: typer.Context) -> Iterator[GraphStore]:
    """Open the store for one command and close it after, errors printed plainly."""
    with plain_errors():
        store = open_store(ctx.obj["store"])
        try:
            yield store
        finally:
            store.close()


def parse_date(text: str | None) -> date:
    """``--as-of`` as a date (today when absent); a clear error otherwise."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        err.print(f"--as-of: {text!r} is not an ISO 8601 date (YYYY-MM-DD)")
        raise typer.Exit(1) from None


def write(text: str) -> None:
    """Plain output (JSON, Markdown) with any control character shown as its code."""
    sys.stdout.write(inert(text))


def print_json(model: BaseModel | dict[str, Any] | Sequence[BaseModel]) -> None:
    """A result model, a list of them, or plain data, as indented JSON on stdout."""
    data: Any
    if isinstance(model, BaseModel):
        data = model.model_dump(mode="json")
    elif isinstance(model, dict):
        data = model
    else:
        data = [m.model_dump(mode="json") for m in model]
    write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def counts_table(title: str, counts: dict[str, int]) -> Table:
    """A two-column table of counts per kind."""
    table = Table(title=title)
    table.add_column("kind")
    table.add_column("count", justify="right")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    return table


Alpha = Annotated[
    float | None, typer.Option("--alpha", help="Default susceptibility α (0..1; default 0.5).")
]


MaxHops = Annotated[
    int | None,
    typer.Option("--max-hops", help="How far upstream of the seats to look (default 4)."),
]


ModeOption = Annotated[
    str | None,
    typer.Option(
        help="leave (default): all ties end; move: ties kept at move_factor, ownership given up."
    ),
]


AlsoOption = Annotated[
    list[str] | None,
    typer.Option("--also", help="Another staff member leaving at the same time (repeatable)."),
]


C = TypeVar("C", bound=str)


def choice(option: str, value: str, allowed: tuple[C, ...]) -> C:
    """The allowed value the option names, typed as the allowed values are."""
    for known in allowed:
        if known == value:
            return known
    raise InvalidInput(f"{option}: {value!r} is not one of {', '.join(allowed)}")
