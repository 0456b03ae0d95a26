"""``python -m graphmap.cli``: the same as the ``graphmap`` command."""

from graphmap.cli import app

app()
