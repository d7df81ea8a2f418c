"""The embedded model's llama-cpp-python must run on any x86-64 CPU with AVX2 (issue: a native build
crashed with SIGSEGV in its AMX kernels on a CPU that reports AMX where the sandbox does not enable it)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# x86 instructions a portable AVX2 build must not contain: AMX tiles and AVX-512 (zmm registers).
FORBIDDEN = re.compile(r"\b(ldtilecfg|tileloadd|tdpbssd|tdpbf16ps|sttilecfg)\b|%zmm\d")


def readme_main_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- ci:main -->", 1)[1].split("```", 2)[1]
    return block.split("\n", 1)[1]


def test_the_readme_builds_llama_cpp_portable_and_fresh():
    command = readme_main_command()
    assert "-DGGML_NATIVE=OFF" in command and "-DGGML_AVX2=ON" in command
    assert "--no-cache-dir" in command          # a wheel cached from a native build would be reused otherwise
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["local"]
    pin = next(p for p in pins if p.startswith("llama-cpp-python"))
    assert f'"{pin}"' in command, "the README's portable build and the local extra must pin the same version"


def test_forbidden_instructions_are_recognised_in_objdump_lines():
    assert FORBIDDEN.search("  4005d0:\tc4 e2 78 49 00       \tldtilecfg (%rax)")
    assert FORBIDDEN.search("vmovups %zmm0,(%rdi)")
    assert not FORBIDDEN.search("vfmadd231ps %ymm1,%ymm2,%ymm0")


def test_the_installed_llama_cpp_has_no_amx_or_avx512_code():
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or spec.origin is None:
        if os.environ.get("EXTRACT_REQUIRE_LOCAL"):
            pytest.fail("llama-cpp-python is not installed, but this run requires the local extra")
        pytest.skip("the local extra is not installed")
    objdump = shutil.which("objdump")
    if objdump is None:
        pytest.fail("objdump (binutils) is needed to inspect the llama-cpp-python build")
    libraries = sorted((Path(spec.origin).parent / "lib").glob("*.so"))
    assert libraries, "llama-cpp-python ships no shared libraries where expected"
    for library in libraries:
        disassembly = subprocess.run([objdump, "-d", "--no-show-raw-insn", str(library)], capture_output=True,
                                     text=True, check=True).stdout
        found = FORBIDDEN.search(disassembly)
        assert found is None, (f"{library.name} contains {found.group(0)!r}: a CPU-specific build; reinstall with the "
                               "README's portable CMAKE_ARGS")
