"""Terminal renderings of the influence and paths reports (rich), sized for 80 columns.

Tables wrap long names instead of cutting them; user strings are printed as text, never as
rich markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from graphmap.analysis.influence import InfluenceReport
from graphmap.analysis.paths import WarmPath
from graphmap.i18n.numbers import percent, words
from graphmap.service import PathsReport


def _route(path: list[str] | None, names: dict[str, str], strength: float | None) -> str:
    if not path:
        return "nobody available reaches them"
    return " → ".join(names.get(n, n) for n in path) + f" ({strength:.2f})"


def _who(name: str, *details: str | None) -> Text:
    """A name in bold with its details on the next line, dimmed."""
    text = Text(name, style="bold")
    rest = ", ".join(d for d in details if d)
    if rest:
        text.append("\n" + rest, style="dim")
    return text


def action_table(report: InfluenceReport, names: dict[str, str]) -> Table:
    """Who to reach, through whom: one row per action, by leverage gap."""
    table = Table(title="Who to reach, through whom", title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("share", justify="right", no_wrap=True)
    table.add_column("person", ratio=2)
    table.add_column("known", justify="right", no_wrap=True)
    table.add_column("through whom", ratio=3)
    people = {p.person_id: p for p in report.people}
    for k, a in enumerate(report.actions, 1):
        p = people[a.person_id]
        table.add_row(
            str(k),
            f"{percent(a.share)} #{a.share_rank}",
            _who(a.name, p.title, p.organization_name, words(p.role) if p.role else "no seat"),
            percent(a.coverage),
            _route(a.path, names, a.path_strength),
        )
    return table


def network_table(report: InfluenceReport, names: dict[str, str], top: int) -> Table:
    """The decision network by leverage gap, with the warm path to each person."""
    table = Table(
        title=f"Decision network by leverage gap (top {min(top, len(report.people))} of "
        f"{len(report.people)})",
        title_justify="left",
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("person", ratio=2)
    table.add_column("share", justify="right", no_wrap=True)
    table.add_column("stance", no_wrap=True)
    table.add_column("known", justify="right", no_wrap=True)
    table.add_column("via", ratio=3)
    for k, p in enumerate(report.people[:top], 1):
        path = p.warm_path
        table.add_row(
            str(k),
            _who(p.name, p.title, p.organization_name, words(p.role) if p.role else "no seat"),
            f"{percent(p.share)} #{p.rank}",
            words(p.stance),
            percent(p.coverage),
            _route(path.nodes if path else None, names, path.strength if path else None),
        )
    return table


def name_index(report: InfluenceReport, staff_names: dict[str, str]) -> dict[str, str]:
    """Names for every id a path in the report can mention."""
    return staff_names | {p.person_id: p.name for p in report.people}


def influence_renderable(report: InfluenceReport, names: dict[str, str], top: int) -> Group:
    """The whole influence answer: the plan first, then the network and the key figures."""
    facts = [
        words(report.stage),
        f"value {report.value:,.0f}" if report.value is not None else None,
        f"due {report.due_on}" if report.due_on else None,
        f"as of {report.as_of}",
    ]
    parts: list[RenderableType] = [
        Text(f"{report.project_name} ({report.project_id})", style="bold"),
        Text(" · ".join(f for f in facts if f)),
        Text(
            f"support forecast {report.support_forecast:+.2f} (−1 all against, +1 all for) · "
            f"uncovered {percent(report.uncovered_share)} · unknown stance "
            f"{percent(report.unknown_stance_share)} · opposed {percent(report.opposed_share)}"
        ),
    ]
    parts.append(Text(""))
    if report.actions:
        parts.append(action_table(report, names))
    else:
        parts.append(Text("Who to reach: nobody — everyone holding a real share is well known."))
    if report.passed_over:
        left = ", ".join(f"{p.name} ({p.reason})" for p in report.passed_over)
        parts.append(Text(f"No introductions start at staff who are leaving: {left}.", "dim"))
    parts += [Text(""), network_table(report, names, top)]
    for c in report.competitor_exposure:
        parts.append(Text(f"competitor {c.name}: its own people hold {percent(c.insider_share)}"))
    parts += [Text(f"• {note}") for note in report.notes]
    return Group(*parts)


def paths_renderable(report: PathsReport, names: dict[str, str]) -> Group:
    """Who knows a person (leaving staff marked with their date) and the warmest paths."""
    parts: list[RenderableType] = [
        Text(
            f"{report.name} ({report.person_id}) — coverage {percent(report.coverage)} "
            f"as of {report.as_of}",
            style="bold",
        )
    ]
    for tie in report.ties:
        leaving = f" — leaving {tie.leaves_on}" if tie.leaves_on else ""
        parts.append(
            Text(
                f"  knows them: {tie.name} ({tie.strength:.2f}, last contact "
                f"{tie.last_contact or 'unknown'}){leaving}"
            )
        )
    parts.append(paths_table(report.warm_paths, names))
    if report.passed_over:
        left = ", ".join(f"{p.name} ({p.reason})" for p in report.passed_over)
        parts.append(Text(f"Paths do not start at staff who are leaving: {left}.", "dim"))
    return Group(*parts)


def paths_table(paths: list[WarmPath], names: dict[str, str]) -> Table:
    """Warm paths, one row each, strongest first."""
    table = Table(title="warmest paths (staff first)", title_justify="left", expand=True)
    table.add_column("strength", justify="right", no_wrap=True)
    table.add_column("path")
    for path in paths:
        table.add_row(f"{path.strength:.2f}", " → ".join(names.get(n, n) for n in path.nodes))
    return table
