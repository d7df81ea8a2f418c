"""Thin commands: build Settings, call one function, map errors to exit codes."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
import rich.console
import rich.markup
import rich.progress
import rich.table

from extractor import errors, records, settings as settings_module, worker

RUN_HELP = """Extract votes, positions, quoted motives and events from the articles under PATH.

PATH is a file or a folder (searched recursively) of .txt, .md, .html or .jsonl
articles. Records go to OUT/records.jsonl, one line per article. Articles already
`ok` under the same model, prompt and schema versions are skipped (use --force).
With no --model/--base-url the embedded model runs locally on 127.0.0.1.

\b
Exit codes:
  0   every article ended ok
  1   some articles failed (status error or invalid; see records.jsonl)
  2   bad usage: a bad option or variable, PATH not found or
      holding no article, a missing or malformed gold file
  3   the embedded model could not be set up or started, or its
      server crashed during the run (the message names the signal)
  4   another run is writing into OUT
  5   OUT cannot be written (a file, read-only, disk full)
  6   the endpoint refuses every request: nothing listening, wrong
      key (401/403), unknown model (404), quota exhausted, an HTML
      page, or endless 429s (articles not done keep no record)
  130 interrupted (records written so far are kept)
"""

console = rich.console.Console(stderr=True)


@click.group()
def main() -> None:
    """extractor: structured, source-grounded UN votes and motives from news articles."""
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # failures are in the records, not the terminal


@main.command(help=RUN_HELP)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Output folder [default: runs/latest].")
@click.option("--model", help="Model name at the endpoint [env EXTRACT_MODEL; default: the embedded model].")
@click.option("--base-url", help="OpenAI-compatible endpoint [env EXTRACT_BASE_URL; default: start the embedded model].")
@click.option("--concurrency", type=int, help="Articles in flight at once [default: 1 embedded, 4 remote].")
@click.option("--max-retries", type=int, help="Re-asks after an answer breaks a rule [default: 3].")
@click.option("--timeout", type=float, help="Seconds to wait for one model answer [env EXTRACT_TIMEOUT; default: 600].")
@click.option("--max-chars", type=int, help="Refuse longer articles [env EXTRACT_MAX_CHARS; default: 100000].")
@click.option("--answers", type=click.Choice(["auto", "json", "tools"]),
              help="How the motives and events passes answer: json under the server's grammar (llama.cpp "
                   "servers; no schema in the prompt) or function calls [env EXTRACT_ANSWERS; default: "
                   "auto, json on the embedded model].")
@click.option("--limit", type=int, help="Process only the first N articles.")
@click.option("--force", is_flag=True, default=None, help="Redo articles that already have an ok record.")
@click.option("--gold", type=click.Path(path_type=Path), help="Gold folder to score against [default: PATH/gold if present].")
def run(path: Path, **flags: Any) -> None:
    settings = _settings(flags)
    if settings.gold and not settings.gold.is_dir():
        _fail(errors.UsageError(f"--gold {settings.gold} is not a folder of gold files"))
    show = _Show()
    try:
        with show:
            outcome = worker.run(settings, path, show)
    except errors.ExtractorError as e:
        _fail(e)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]: records written so far are kept; rerun to resume")
        sys.exit(130)
    console.print(summary_table(outcome))
    if outcome.cache is not None and outcome.cache.hit_ratio() is not None:
        console.print(f"prompt cache: {outcome.cache.hit_ratio():.0%} of {outcome.cache.sent:,} prompt tokens "
                      f"came from the server's cache ({outcome.cache.computed:,} computed)")
    gold = settings.gold or (path / "gold" if path.is_dir() else path.parent / "gold")
    if gold.is_dir():
        _score(settings.out, gold)
    console.print(f"records: {Path(settings.out) / worker.RECORDS}")
    sys.exit(1 if outcome.failed else 0)


def _warn(message: str) -> None:
    console.print(f"[yellow]warning:[/yellow] {rich.markup.escape(message)}", soft_wrap=True, highlight=False)


def _fail(e: errors.ExtractorError) -> NoReturn:
    """One line and the error's exit code: a user error never shows a traceback."""
    console.print(f"[red]error:[/red] {rich.markup.escape(str(e))}", soft_wrap=True, highlight=False)
    sys.exit(e.exit_code)


@main.command("eval")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", type=click.Path(path_type=Path), default=Path("seeds/gold"),
              show_default=True, help="Folder of gold <article_id>.json files.")
def eval_command(run_dir: Path, gold: Path) -> None:
    """Score RUN_DIR/records.jsonl against gold; write report.json, report.md and report.html.

    Exits 2 when a gold file is malformed, 5 when the reports cannot be written."""
    _score(run_dir, gold)


def _score(run_dir: Path, gold: Path) -> None:
    from extractor.evaluation import report, score
    try:
        result = score.evaluate_run(Path(run_dir), gold, warn=_warn)
        paths = report.write_reports(result, Path(run_dir), report.article_texts(result))
    except errors.ExtractorError as e:
        _fail(e)
    except OSError as e:
        _fail(errors.OutputError(f"cannot write the reports into {run_dir}: {e.strerror or e}"))
    for line in report.summary_lines(result):
        console.print(line)
    console.print("report: " + ", ".join(str(p) for p in paths))


def _service_options(command: Any) -> Any:
    """Flags shared by `extract serve` and `extract worker` (README: Service)."""
    for option in reversed([
        click.option("--data", type=click.Path(path_type=Path), help="Folder of the SQLite queue and store [env EXTRACT_DATA; default: runs/service]."),
        click.option("--queue", help="redis://HOST:PORT/DB to share the queue and store with other machines [env EXTRACT_QUEUE]."),
        click.option("--model", help="Model name at the endpoint [env EXTRACT_MODEL; default: the embedded model]."),
        click.option("--base-url", help="OpenAI-compatible endpoint [env EXTRACT_BASE_URL; default: start the embedded model]."),
        click.option("--concurrency", type=int, help="Worker threads (articles in flight) [default: 1 embedded, 4 remote]."),
        click.option("--timeout", type=float, help="Seconds to wait for one model answer [env EXTRACT_TIMEOUT]."),
        click.option("--max-chars", type=int, help="Refuse longer articles [env EXTRACT_MAX_CHARS; default: 100000]."),
        click.option("--lease", type=float, help="Seconds before a silent worker's article is redone [env EXTRACT_LEASE; default: 60]."),
    ]):
        command = option(command)
    return command


@main.command()
@_service_options
@click.option("--host", help="Address to bind [env EXTRACT_HOST; default: 127.0.0.1; any other needs EXTRACT_API_TOKEN].")
@click.option("--port", type=int, help="Port [env EXTRACT_PORT; default: 8000].")
@click.option("--api-only", is_flag=True, default=None, help="Run no worker threads here (workers run `extract worker`).")
@click.option("--sync-timeout", type=float, help="Seconds POST /v1/extract waits for its record [default: 300].")
def serve(**flags: Any) -> None:
    """Run the extraction service: the HTTP API and worker threads over a queue (SQLite under --data, or Redis)."""
    _service(flags, "serve")


@main.command("worker")
@_service_options
def worker_command(**flags: Any) -> None:
    """Run worker threads on the service's queue (give the same --queue redis://… as `extract serve`)."""
    _service(flags, "work")


def _service(flags: dict[str, Any], command: str) -> None:
    settings = _settings(flags)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for name in ("huey", "httpx", "httpx2", "openai"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from extractor.service import runtime
    try:
        getattr(runtime, command)(settings)
    except errors.ExtractorError as e:
        _fail(e)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as e:          # the port is taken, the data folder is not writable, Redis is unreachable
        console.print(f"[red]error:[/red] {errors.one_line(str(e))}")
        sys.exit(2)


def _settings(flags: dict[str, Any]) -> settings_module.Settings:
    try:
        return settings_module.build(flags)
    except (ValueError, TypeError) as e:
        _fail(errors.UsageError(str(e)))


def summary_table(outcome: worker.Outcome) -> rich.table.Table:
    """One row per article; the reasons for failures follow as a caption so rows stay one line."""
    table = rich.table.Table(title="extract run", caption_justify="left")
    for column in ("article", "status", "votes", "pos", "motives", "events", "tries", "tokens", "s"):
        table.add_column(column, justify="left" if column in ("article", "status") else "right",
                         no_wrap=True, overflow="ellipsis", min_width=len(column) if column != "article" else 8,
                         max_width=16 if column == "article" else None)
    reasons = []
    for r in outcome.records + outcome.skipped:
        x = r.extraction or {}
        votes = x.get("votes", [])
        status = r.status if r in outcome.records else "skipped"
        colour = {"ok": "green", "invalid": "yellow"}.get(r.status, "red")
        table.add_row(r.article_id, f"[{colour}]{status}[/{colour}]", str(len(votes)),
                      str(sum(len(v.get("positions", [])) for v in votes)), str(len(x.get("motives", []))),
                      str(len(x.get("events", []))), str(r.attempts), str(r.usage.total), f"{r.seconds:.0f}")
        if r.status != "ok" and r.error:
            reasons.append(f"{r.article_id}: {r.message}")
    table.caption = "\n".join(reasons) or None
    return table


class _Show(worker.Hooks):
    """Progress bars on stderr: model assembly once, then one tick per finished article."""

    def __init__(self) -> None:
        self.progress = rich.progress.Progress(
            rich.progress.TextColumn("{task.description}"), rich.progress.BarColumn(),
            rich.progress.MofNCompleteColumn(), rich.progress.TimeElapsedColumn(), console=console)
        self.assembly: Any = None
        self.articles: Any = None

    def __enter__(self) -> "_Show":
        return self           # the bars start with the first task: a run refused at once prints one line only

    def __exit__(self, *exc: object) -> None:
        if self.progress.live.is_started:    # stopping bars never started still prints a blank line
            self.progress.stop()

    def assembling(self, done: int, total: int) -> None:
        if self.assembly is None:
            self.progress.start()
            self.assembly = self.progress.add_task("assembling the embedded model (once)", total=total)
        self.progress.update(self.assembly, completed=done)

    def starting(self, pending: int) -> None:
        self.progress.start()
        self.articles = self.progress.add_task("articles", total=pending)

    def finished(self, record: records.Record) -> None:
        if self.articles is not None:  # input failures are recorded before any article starts
            self.progress.advance(self.articles)
        if record.status != "ok":
            self.progress.console.print(f"[red]{record.article_id}: {record.status}[/red] — "
                                        f"{rich.markup.escape(record.message)}", soft_wrap=True, highlight=False)

    def warning(self, message: str) -> None:
        self.progress.console.print(f"[yellow]warning:[/yellow] {rich.markup.escape(message)}", soft_wrap=True,
                                    highlight=False)
