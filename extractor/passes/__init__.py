"""The passes that ask the model (votes, motives, events): what each shows it, what it answers,
and how the answer is settled against the article's ``Reading``; ``pipeline`` runs them in order.

``passes.extract`` is the pipeline's entry point, named here for its callers (worker, service).
"""

from extractor.passes.pipeline import MAX_TOKENS, Result, extract

__all__ = ["MAX_TOKENS", "Result", "extract"]
