"""A sentence an analysis says, kept as a catalogue key and its values until someone reads it.

The analyses cannot know who reads them: the CLI and the JSON read English, a view may read
Chinese. So they say ``message("alert_going_cold", staff=…, share=0.3, day=date(…))`` and
whoever shows it renders it in a language (``Words.say``). Values stay raw (numbers, dates,
names, codes) so each language formats them its own way; a value may itself be a message
(a clause that depends on the data) or a list joined by a catalogue separator.

>>> from datetime import date
>>> from graphmap.i18n.words import EN, Words
>>> m = message("unavail_leaving_on", day=date(2027, 1, 21))
>>> EN.say(m), Words("zh").say(m)
('leaving on 2027-01-21', '将于 2027年1月21日 离职')
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Code(BaseModel):
    """A code the catalogue words by kind (``role.economic_buyer``): not translated until read."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="What the code is: role, stage, stance, …")
    value: str = Field(description="The code itself, e.g. economic_buyer.")


class Joined(BaseModel):
    """Values joined by the catalogue's separator ``sep`` (``name_sep``: ", " or "、")."""

    model_config = ConfigDict(frozen=True)

    items: list[Param] = Field(description="The values, in order.")
    sep: str = Field("name_sep", description="Catalogue key of the separator.")


class Message(BaseModel):
    """A catalogue key and the values its text takes."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="Catalogue key of the sentence.")
    params: dict[str, Param] = Field({}, description="The values its placeholders take.")


Param = str | int | float | date | Code | Joined | Message | None


def message(key: str, **params: Param) -> Message:
    """A keyed message: the catalogue key and its raw values."""
    return Message(key=key, params=params)


def code(kind: str, value: object) -> Code:
    """A stance, role, stage, … (an enum or its value) to be worded by the reader."""
    return Code(kind=kind, value=str(getattr(value, "value", value)))


def joined(items: list[Param], sep: str = "name_sep") -> Joined:
    """A list of values the renderer joins with the language's separator."""
    return Joined(items=items, sep=sep)


Joined.model_rebuild()
Message.model_rebuild()
