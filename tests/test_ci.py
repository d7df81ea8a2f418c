"""CI reads its commands from the README (.ci/readme_command) and never lets the browser test skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
READ = ROOT / ".ci" / "readme_command"

SAMPLE = """# tool

<!-- ci:main -->
```bash
python3 -m venv .venv && . .venv/bin/activate \\
  && CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --no-cache-dir llama-cpp-python \\
  && pip install -e ".[local]"
extract run seeds/
```

<!-- ci:test -->

```sh
pytest -q
```

<!-- ci:broken -->
```bash
never closed
"""


def readme_command(text: str, name: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "README.md").write_text(text)
    return subprocess.run([sys.executable, str(READ), str(tmp_path / "README.md"), name],
                          capture_output=True, text=True, timeout=30)


def test_a_command_spanning_several_lines_is_read_whole(tmp_path: Path):
    main = readme_command(SAMPLE, "main", tmp_path)
    assert main.returncode == 0 and main.stdout.splitlines() == [
        "python3 -m venv .venv && . .venv/bin/activate \\",
        '  && CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --no-cache-dir llama-cpp-python \\',
        '  && pip install -e ".[local]"',
        "extract run seeds/"]
    ran = subprocess.run(["bash", "-n", "-c", main.stdout], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr                 # one valid script for `bash -c`
    assert readme_command(SAMPLE, "test", tmp_path).stdout == "pytest -q\n"


def test_a_missing_or_unclosed_block_is_no_command(tmp_path: Path):
    for name in ("broken", "absent"):
        result = readme_command(SAMPLE, name, tmp_path)
        assert result.returncode == 1 and result.stdout == ""


def test_ci_runs_the_readme_commands_through_the_script():
    run = (ROOT / ".ci" / "run").read_text()
    assert ".ci/readme_command README.md main" in run and ".ci/readme_command README.md test" in run
    assert "awk" not in run
    for name in ("main", "test"):
        result = subprocess.run([sys.executable, str(READ), str(ROOT / "README.md"), name], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.strip()


def test_under_ci_the_browser_test_fails_instead_of_skipping_without_chromium(tmp_path: Path):
    def browser_test(**env: str) -> subprocess.CompletedProcess:
        environ = {k: v for k, v in os.environ.items() if k != "CI"}
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT),
             str(ROOT / "tests" / "test_report.py::test_page_renders_in_chromium")],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
            env={**environ, "EXTRACT_TEST_CHROMIUM": str(tmp_path / "no-chromium"), **env})
    under_ci = browser_test(CI="true")
    assert under_ci.returncode == 1 and "1 failed" in under_ci.stdout and "is missing" in under_ci.stdout
    locally = browser_test()
    assert locally.returncode == 0 and "1 skipped" in locally.stdout
