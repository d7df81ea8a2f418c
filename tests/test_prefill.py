"""What the server really computed per request, read from its own log lines (issue: read each article once)."""

from pathlib import Path
from types import SimpleNamespace

from extractor.llm import prefill

FIRST = ("Llama.generate: 73 prefix-match hit, remaining 1401 prompt tokens to eval\n"
         "llama_perf_context_print: prompt eval time =   37989.36 ms /  1401 tokens (   27.89 ms per token)\n"
         "llama_perf_context_print:        eval time =    4689.83 ms /    60 runs   (   78.16 ms per token)\n")
SECOND = ("Llama.generate: 886 prefix-match hit, remaining 534 prompt tokens to eval\n"
          "llama_perf_context_print: prompt eval time =   12830.79 ms /   534 tokens (   24.03 ms per token)\n")


def test_each_request_reads_its_own_prompt_eval_line(tmp_path: Path):
    log = tmp_path / "server.log"
    log.write_text("INFO: startup\nllama_perf_context_print: prompt eval time = 10.0 ms / 1 tokens\n")
    reader = prefill.ServerLog(log)              # lines before the run (the start-up probe) are not a request's
    with log.open("a") as f:
        f.write(FIRST)
    assert reader.computed(wait=0) == 1401
    with log.open("a") as f:
        f.write(SECOND)
    assert reader.computed(wait=0) == 534
    assert reader.computed(wait=0) is None       # no new request, no answer


def test_a_half_written_line_waits_for_the_next_read(tmp_path: Path):
    log = tmp_path / "server.log"
    log.write_text("")
    reader = prefill.ServerLog(log)
    with log.open("a") as f:
        f.write("llama_perf_context_print: prompt eval time =   12830.79 ms /  5")
    assert reader.computed(wait=0) is None
    with log.open("a") as f:
        f.write("34 tokens (   24.03 ms per token)\n")
    assert reader.computed(wait=0) == 534


def test_a_missing_log_says_nothing(tmp_path: Path):
    assert prefill.ServerLog(tmp_path / "absent.log").computed(wait=0) is None


def test_endpoints_that_report_cache_hits_give_the_computed_tokens():
    usage = SimpleNamespace(prompt_tokens=1200, prompt_tokens_details=SimpleNamespace(cached_tokens=1024))
    assert prefill.cached_by_endpoint(usage) == 176
    assert prefill.cached_by_endpoint(SimpleNamespace(prompt_tokens=10, prompt_tokens_details=None)) is None


def test_the_run_counts_what_the_cache_saved_over_the_requests_it_knows(tmp_path: Path):
    log = tmp_path / "server.log"
    log.write_text("")
    reader, cache = prefill.ServerLog(log), prefill.PromptCache()
    with log.open("a") as f:
        f.write(FIRST)
    assert cache.count(SimpleNamespace(prompt_tokens=1474), reader) == 1401
    with log.open("a") as f:
        f.write(SECOND)
    assert cache.count(SimpleNamespace(prompt_tokens=1420), reader) == 534
    assert cache.count(SimpleNamespace(prompt_tokens=999), None) is None     # unknown: not counted either way
    assert (cache.sent, cache.computed) == (2894, 1935)
    assert round(cache.hit_ratio(), 3) == round(1 - 1935 / 2894, 3)
    assert prefill.PromptCache().hit_ratio() is None
