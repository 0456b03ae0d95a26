"""The bundle as tables: a folder of CSV files or an Excel workbook, one table per section.

``people.csv`` (or the sheet ``people``) holds the ``people`` section; its header names bundle
fields. An empty cell is an omitted field (a stored value is kept); a cell holding exactly
``null`` clears the field. Numbers are read as numbers where the field is one; every other
value is text, dates ISO 8601. Problems are located as ``people.csv:LINE: field`` (CSV, physical
lines, the header is line 1) or ``people!ROW: field`` (Excel).
"""

from __future__ import annotations

import csv
import datetime as dt
import types
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from graphmap.bundle import bundle_to_json
from graphmap.checker import SECTIONS
from graphmap.errors import InvalidInput, Problem
from graphmap.model import SECTION_MODELS, Bundle
from graphmap.sources.csvrows import read_rows
from graphmap.sources.sourced import Sourced, reject

CLEAR = "null"


def _number_type(annotation: Any) -> type | None:
    """int or float when the field holds one (optional or constrained), else None."""
    if annotation is int or annotation is float:
        return int if annotation is int else float
    if get_origin(annotation) in (Union, types.UnionType, Annotated):
        args = get_args(annotation)
        found = [
            t
            for a in (args[:1] if get_origin(annotation) is Annotated else args)
            if (t := _number_type(a))
        ]
        return found[0] if found else None
    return None


NUMBERS = {
    s: {f: t for f, info in m.model_fields.items() if (t := _number_type(info.annotation))}
    for s, m in SECTION_MODELS.items()
}


SALESFORCE_FILES = ("Account.csv", "Contact.csv", "Opportunity.csv")


def detect(path: Path) -> str:
    """The format a path is in when ``--from`` is not given: a .zip, or a folder holding
    Salesforce's object files, is a Salesforce export; another folder is a CSV folder."""
    if path.suffix.lower() == ".xlsx":
        return "xlsx"
    if path.suffix.lower() == ".zip":
        return "salesforce"
    if path.is_dir():
        return "salesforce" if any((path / f).exists() for f in SALESFORCE_FILES) else "csv"
    if path.suffix.lower() == ".csv":
        raise InvalidInput(
            f"{path}: one CSV file is not an import; put one file per section in a folder "
            f"({', '.join(s + '.csv' for s in SECTIONS[:3])}, …) and import the folder with "
            "--from csv, or a Salesforce export with --from salesforce"
        )
    return "json"


def _cell(section: str, column: str, value: Any) -> tuple[bool, Any]:
    """(given, value): an empty cell is not given; ``null`` is None. A number field that does
    not read as a number keeps its text, for the bundle check to refuse by name."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False, None
    if isinstance(value, dt.datetime):
        return True, value.date().isoformat()
    if isinstance(value, dt.date):
        return True, value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        if value == CLEAR:
            return True, None
    number = NUMBERS[section].get(column)
    if number is None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # an Excel number in a text column: 1001, not 1001.0
        return True, str(value)
    try:
        read = float(value)
    except ValueError:
        return True, value
    return True, int(read) if number is int and read.is_integer() else read


class _Table:
    """Turns one table's rows into records of one section, checking its header first."""

    def __init__(self, out: Sourced, section: str, header: list[str], where: str):
        self.out, self.section, self.problems = out, section, []
        fields = SECTION_MODELS[section].model_fields
        self.header = header
        for column in header:
            if column not in fields:
                self.problems.append(
                    Problem(f"{where}: {column}", f"unknown column; expected {', '.join(fields)}")
                )

    def add(self, origin: str, values: Iterable[tuple[str, Any]]) -> None:
        record = {}
        for column, raw in values:
            given, value = _cell(self.section, column, raw)
            if given:
                record[column] = value
        self.out.add(self.section, record, origin)


def _unknown_table(name: str, kind: str) -> Problem:
    return Problem(name, f"not a section; name each {kind} after one of {', '.join(SECTIONS)}")


def read_csv_folder(folder: Path) -> Sourced:
    """A bundle from one CSV file per section, every row named by file and line."""
    out = Sourced(source=str(folder))
    problems: list[Problem] = []
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InvalidInput(f"{folder}: no CSV files (expected people.csv, knows.csv, …)")
    for path in files:
        if path.stem not in SECTIONS:
            problems.append(_unknown_table(path.name, "file"))
            continue
        with open(path, encoding="utf-8-sig", newline="") as stream:
            header, rows = read_rows(stream)
            table = _Table(out, path.stem, header, f"{path.name}:1")
            for line, values in rows:
                table.add(f"{path.name}:{line}", values.items())
        problems += table.problems
    if problems:
        raise reject(folder.name, problems)
    return out


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(v is not None and str(v).strip() for v in row):
            yield number, list(row)


def read_xlsx(path: Path) -> Sourced:
    """A bundle from an Excel workbook with one sheet per section."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, InvalidFileException, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"{path}: not a readable .xlsx workbook ({exc})") from None
    out = Sourced(source=str(path))
    problems: list[Problem] = []
    for sheet in book.worksheets:
        if sheet.title not in SECTIONS:
            problems.append(_unknown_table(sheet.title, "sheet"))
            continue
        rows = _sheet_rows(sheet)
        first = next(rows, None)
        if first is None:
            continue
        header = [str(h).strip() if h is not None else "" for h in first[1]]
        table = _Table(out, sheet.title, header, f"{sheet.title}!{first[0]}")
        for number, values in rows:
            table.add(f"{sheet.title}!{number}", zip(header, values, strict=False))
        problems += table.problems
    book.close()
    if problems:
        raise reject(path.name, problems)
    return out


def write_csv_folder(bundle: Bundle, folder: Path) -> None:
    """One CSV per section, every field a column (empty when unset), the import's layout."""
    folder.mkdir(parents=True, exist_ok=True)
    data = bundle_to_json(bundle)
    for section in SECTIONS:
        fields = list(SECTION_MODELS[section].model_fields)
        with open(folder / f"{section}.csv", "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(fields)
            for record in data[section]:
                writer.writerow(["" if record[f] is None else record[f] for f in fields])
