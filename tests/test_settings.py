from pathlib import Path

import pytest

from extractor import settings


def test_defaults_use_the_embedded_model_one_at_a_time():
    s = settings.build({}, {})
    assert s.embedded and s.model == settings.EMBEDDED_MODEL and s.concurrency == 1


def test_flags_beat_environment_beat_defaults():
    env = {"EXTRACT_BASE_URL": "http://env/v1", "EXTRACT_MODEL": "env-model", "EXTRACT_MAX_RETRIES": "7",
           "EXTRACT_OUT": "/tmp/env-out"}
    s = settings.build({"model": "flag-model", "max_retries": None}, env)
    assert s.model == "flag-model"            # flag wins
    assert s.base_url == "http://env/v1"      # env fills what no flag gave
    assert s.max_retries == 7                 # a flag left as None does not override
    assert s.out == Path("/tmp/env-out")


def test_remote_endpoint_gets_concurrency_unless_asked_otherwise():
    assert settings.build({"base_url": "http://x/v1"}, {}).concurrency == 4
    assert settings.build({"base_url": "http://x/v1", "concurrency": 2}, {}).concurrency == 2


def test_openai_key_with_a_model_selects_the_openai_api_and_key_is_not_shown():
    s = settings.build({"model": "gpt-4o-mini"}, {"OPENAI_API_KEY": "sk-test-123456"})
    assert s.base_url == settings.OPENAI_URL
    assert "sk-test" not in repr(s)


def test_a_model_without_any_endpoint_is_a_clear_error():
    with pytest.raises(ValueError, match="needs --base-url"):
        settings.build({"model": "gpt-4o-mini"}, {})


def test_bad_numbers_are_refused():
    with pytest.raises(ValueError):
        settings.build({"concurrency": 0}, {})


def test_timeout_article_limit_and_retry_wait_come_from_flags_or_environment():
    env = {"EXTRACT_TIMEOUT": "2.5", "EXTRACT_MAX_CHARS": "5000", "EXTRACT_RETRY_WAIT": "0.01"}
    s = settings.build({"timeout": 1.0}, env)
    assert (s.timeout, s.max_chars, s.retry_wait) == (1.0, 5000, 0.01)
    for bad in ({"timeout": 0}, {"max_chars": 0}):
        with pytest.raises(ValueError):
            settings.build(bad, {})


def test_json_answers_on_the_embedded_model_or_when_asked_and_function_calls_elsewhere():
    assert settings.build({}, {}).json_answers                                   # the embedded llama.cpp server
    assert not settings.build({"base_url": "http://x/v1"}, {}).json_answers       # any OpenAI endpoint: tools
    assert settings.build({"base_url": "http://x/v1"}, {"EXTRACT_ANSWERS": "json"}).json_answers
    tools_here = settings.build({"answers": "tools"}, {})
    assert not tools_here.json_answers and tools_here.llama_server   # function calls, still the template's turns
    assert not settings.build({"base_url": "http://x/v1"}, {}).llama_server
    with pytest.raises(ValueError, match="EXTRACT_ANSWERS must be auto, json or tools"):
        settings.build({}, {"EXTRACT_ANSWERS": "xml"})
