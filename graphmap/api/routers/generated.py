"""What the routers generated from the model's specs share: the model and the query
parameters of a route are chosen per spec at run time, so their types are set here."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from graphmap.model import Record

F = TypeVar("F", bound=Callable[..., Any])


def with_parameters(func: F, parameters: list[inspect.Parameter]) -> F:
    """``func`` with the signature FastAPI reads its query, path and body parameters from."""
    func.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return func


def list_type(model: type[Record]) -> Any:
    """``list[model]`` for a model chosen at run time (a response or page item type)."""
    return list.__class_getitem__(model)
