"""Today's rules on a run's recorded answers, with no model: what a rule change does, in seconds.

Reads RUN/calls.jsonl (every answer the model gave, per article and pass), plays each pass's last
answer back to today's pipeline and scores what it builds against the folders' gold. The answers
are those the model gave to the prompts of that run: a rule that changes what a pass is shown (the
motive passages, the votes' hints) is scored on answers to the old prompt, so confirm such a change
with the model (bench/accuracy.py) before trusting it. A pass the run never asked answers nothing.
``--ask PASS`` asks the embedded model for that pass (votes, motives or events) and replays the others:
a changed prompt of one pass measured in a few minutes instead of a whole run.

    python bench/rescore.py RUN FOLDER [FOLDER ...] [--out DIR] [--ask PASS ...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from extractor import errors, settings as settings_module, worker
from extractor.evaluation import score
from extractor.llm import client as llm, prefill

import accuracy   # bench/accuracy.py: the categories and the table


class Replay:
    """The model's part, played from calls.jsonl: the last answer per article and pass; the passes
    in ``ask`` go to ``live``, a real client."""

    def __init__(self, calls: Path, live: llm.Client | None = None, ask: frozenset[str] = frozenset()) -> None:
        self.live, self.ask_live = live, ask
        self.cache = live.cache if live else None
        self.answers: dict[str, str] = {}
        for line in calls.read_text(encoding="utf-8").splitlines():
            if line.strip():
                call = json.loads(line)
                self.answers[call["tag"]] = call.get("raw") or ""

    def ask(self, *, messages, response_model, context, max_tokens, call: llm.Call, json_answer=False):
        if self.live and call.tag.rsplit(":", 1)[-1] in self.ask_live:
            return self.live.ask(messages=messages, response_model=response_model, context=context,
                                 max_tokens=max_tokens, call=call, json_answer=json_answer)
        call.attempts += 1
        raw = self.answers.get(call.tag)
        if raw is None:
            return response_model.model_validate({response_model.list_field: []}, context=context)
        call.last_raw = raw
        try:
            return response_model.model_validate_json(raw, context=context)
        except ValueError as e:
            raise errors.ValidationFailed(f"no valid answer: {e}", original=e, last_raw=raw,
                                          attempts=call.attempts, usage=call.usage.as_dict()) from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="a run's folder holding calls.jsonl")
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--ask", action="append", default=[], choices=("votes", "motives", "events"),
                        help="ask the embedded model for this pass instead of replaying it")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="rescore-"))
    shutil.rmtree(out, ignore_errors=True)
    gold = accuracy.gather_gold(args.folders, out)
    flags = {"answers": "json", "force": True, "concurrency": 1, "out": out}
    if not args.ask:     # no model: an endpoint that is never called
        flags.update(base_url="http://replay.invalid/v1", model=settings_module.EMBEDDED_MODEL)
    settings = settings_module.build(flags, {})

    def connect(s: settings_module.Settings, url: str) -> Replay:
        live = llm.Client(s, url, log=llm.CallLog(out / "calls.jsonl"), prefill=prefill.ServerLog(out / "server.log")) \
            if args.ask else None
        return Replay(args.run / "calls.jsonl", live, frozenset(args.ask))

    for folder in args.folders:
        worker.run(settings, folder, connect=connect)
    result = score.evaluate_run(out, gold)
    print(f"rescored {args.run} under today's rules ({result['articles_scored']} articles): "
          f"headline {result['headline']:.3f}; " + ", ".join(
              f"{c} {result['micro'][c]['f1']:.3f}" for c in accuracy.CATEGORIES) + f"\nrecords: {out}")


if __name__ == "__main__":
    main()
