"""Pairing predictions with gold (SPEC §6): P/R/F1 with the edge cases of score.py, span overlap,
maximum-weight matching and the vote weights."""

from __future__ import annotations

from typing import Any

from scipy import optimize

from schemas import extraction


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """P/R/F1 with the edge cases of score.py's docstring."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def overlap(a: extraction.Span | None, b: extraction.Span | None) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start)) if a and b else 0


def iou(a: extraction.Span | None, b: extraction.Span | None) -> float:
    inter = overlap(a, b)
    union = (a.end - a.start) + (b.end - b.start) - inter if a and b else 0
    return inter / union if union else 0.0


def match(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight matching of gold rows to predicted columns; weight 0 is no pair."""
    if not weights or not weights[0]:
        return []
    rows, cols = optimize.linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols) if weights[r][c] > 0]


def norm_symbol(symbol: str | None) -> str | None:
    return "".join(symbol.split()).lower() if symbol and symbol.strip() else None


def vote_weight(gold: extraction.Vote, pred: extraction.Vote) -> int:
    """SPEC §6: resolution +2, non-empty tally +2, date +1, evidence +1; body +1 only on top of those."""
    g_tally, p_tally = gold.tally.model_dump(), pred.tally.model_dump()
    weight = (2 * bool(norm_symbol(gold.resolution) and norm_symbol(gold.resolution) == norm_symbol(pred.resolution))
              + 2 * bool(any(v is not None for v in g_tally.values()) and g_tally == p_tally)
              + (gold.date is not None and gold.date == pred.date)
              + (overlap(gold.evidence, pred.evidence) > 0))
    return weight + (weight > 0 and gold.body == pred.body)
