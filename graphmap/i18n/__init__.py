"""Words in two languages, below the analyses: the catalogues, the keyed ``Message`` the
analyses say, and ``Words`` that render both in English or Simplified Chinese."""

from graphmap.i18n.message import Code, Joined, Message, code, joined, message
from graphmap.i18n.words import EN, LANGUAGES, ZH, Words, catalogue, choose

__all__ = [
    "EN",
    "LANGUAGES",
    "ZH",
    "Code",
    "Joined",
    "Message",
    "Words",
    "catalogue",
    "choose",
    "code",
    "joined",
    "message",
]
