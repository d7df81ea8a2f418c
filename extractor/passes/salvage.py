"""What is kept of an answer that still breaks a rule after the last re-ask.

An optional field that breaks a rule is removed (and listed) rather than losing its whole
item; an item that still fails, repeats an earlier one or is over the limit is dropped.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic

from schemas import answers, extraction


def salvage(model: type[answers.Answer], raw: str | None, context: dict[str, Any]
            ) -> tuple[list[Any] | None, list[dict[str, Any]]]:
    """Keep what is valid in the last answer; None when it cannot be read at all."""
    try:
        items = json.loads(raw or "").get(model.list_field)
    except (ValueError, AttributeError):
        return None, []
    if not isinstance(items, list):
        return None, []
    kind = model.list_field[:-1]
    limit = model.model_fields[model.list_field].metadata[0].max_length
    kept, lost, seen = [], [], set()
    for item in items:
        obj, problems = repair(model.item_model, item, context)
        if obj is not None and model.key(obj) in seen:
            obj, problems = None, [(kind, "the same as an earlier item")]
        elif obj is not None and len(kept) >= limit:
            obj, problems = None, [(kind, f"more than {limit} items")]
        lost += [{"kind": where, "item": item, "rule": rule} for where, rule in problems]
        if obj is not None:
            kept.append(obj)
            seen.add(model.key(obj))
    return kept, lost


def repair(model: type[answers.Lean], item: Any, context: dict[str, Any]) -> tuple[Any, list[tuple[str, str]]]:
    kind = model.__name__.removesuffix("Item").lower()
    try:
        return model.model_validate(item, context=context), []
    except pydantic.ValidationError as e:
        bad = {err["loc"][0] for err in e.errors() if err["loc"]}
        message = extraction.rule_message(e)
    optional = {name for name, field in model.model_fields.items() if not field.is_required()}
    if not isinstance(item, dict) or not bad or not bad <= optional:
        return None, [(kind, message)]
    try:
        obj = model.model_validate({k: v for k, v in item.items() if k not in bad}, context=context)
    except pydantic.ValidationError as e:
        return None, [(kind, extraction.rule_message(e))]
    return obj, [(f"{kind}.{name}", message) for name in sorted(bad)]
