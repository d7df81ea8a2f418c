"""Grammar-constrained greedy decoding that consults the grammar only when it must.

llama-cpp-python's sampler chain applies the JSON grammar to every one of the model's 151,936
vocabulary entries before each greedy pick: measured on 2 cores, ~20–25 ms per decoded token,
about a third of all decode time. llama.cpp's own server does it the other way round: take the
greedy pick, ask the grammar about that one token, and only if the grammar refuses it filter the
whole vocabulary. At temperature 0 both give the same token (the best allowed token is the best
token whenever the best token is allowed), so the answers are byte-identical and cheaper.

``install()`` patches ``llama_cpp.Llama`` in the embedded server's process only; run as
``python -m extractor.llm.grammar <llama_cpp.server flags>`` it installs the patch and starts the server.
"""

from __future__ import annotations

import ctypes
import math
import sys
from typing import Any

import numpy as np

import llama_cpp
from llama_cpp import _internals

_TOKEN = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])


class GrammarCheck:
    """A sampler for the chain, between the penalties and the greedy pick: it leaves the candidates
    alone when the grammar allows the best one, else applies the grammar to all of them.
    It owns its llama.cpp grammar sampler and advances it with every accepted token."""

    def __init__(self, vocab: Any, grammar: llama_cpp.LlamaGrammar) -> None:
        self.grammar = llama_cpp.llama_sampler_init_grammar(
            vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8"))
        self.refused = self.checked = 0
        iface = llama_cpp.llama_sampler_i()
        # the callbacks are kept on self: ctypes frees a callback whose Python object is collected
        self._callbacks = (llama_cpp.llama_sampler_i_apply(lambda _s, cur_p: self.apply(cur_p)),
                           llama_cpp.llama_sampler_i_accept(lambda _s, token: self.accept(token)),
                           llama_cpp.llama_sampler_i_reset(lambda _s: self.reset()))
        iface.apply, iface.accept, iface.reset = self._callbacks
        iface.name = llama_cpp.llama_sampler_i_name(0)
        iface.clone = llama_cpp.llama_sampler_i_clone(0)
        iface.free = llama_cpp.llama_sampler_i_free(0)
        self._iface = iface
        self.sampler = llama_cpp.llama_sampler()
        self.sampler.iface = ctypes.pointer(iface)
        self.sampler.ctx = None

    def apply(self, cur_p: Any) -> None:
        array = cur_p.contents
        data = (llama_cpp.llama_token_data * array.size).from_address(ctypes.addressof(array.data.contents))
        best = data[int(np.argmax(np.frombuffer(data, dtype=_TOKEN)["logit"]))]
        one = (llama_cpp.llama_token_data * 1)(llama_cpp.llama_token_data(best.id, best.logit, 0.0))
        single = llama_cpp.llama_token_data_array(data=one, size=1, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self.grammar, ctypes.byref(single))
        self.checked += 1
        if math.isinf(one[0].logit):
            self.refused += 1
            llama_cpp.llama_sampler_apply(self.grammar, cur_p)

    def accept(self, token: int) -> None:
        llama_cpp.llama_sampler_accept(self.grammar, token)

    def reset(self) -> None:
        llama_cpp.llama_sampler_reset(self.grammar)

    def free(self) -> None:
        if self.grammar is not None:
            llama_cpp.llama_sampler_free(self.grammar)
            self.grammar = None


def install() -> None:
    """Greedy requests with a grammar get the chain penalties → GrammarCheck → greedy; any other
    request (sampling at a temperature, mirostat, logits processors) keeps llama-cpp-python's chain."""
    original = llama_cpp.Llama._init_sampler
    if getattr(original, "checks_grammar_lazily", False):
        return

    def init_sampler(self: llama_cpp.Llama, *args: Any, **kwargs: Any) -> Any:
        grammar = kwargs.get("grammar")
        if (grammar is None or args or kwargs.get("temp") != 0.0 or kwargs.get("mirostat_mode", 0) != 0
                or kwargs.get("logits_processor") is not None):
            return original(self, *args, **kwargs)
        try:
            check = GrammarCheck(self._model.vocab, grammar)
        except Exception as e:   # noqa: BLE001 - another llama-cpp-python's internals: its own chain still works
            print(f"extractor: grammar checked on every token ({type(e).__name__}: {e})", file=sys.stderr)
            return original(self, *args, **kwargs)
        self.grammar_check = check   # its counts, for tests
        chain = _internals.LlamaSampler()
        chain.add_penalties(n_vocab=self._n_vocab, penalty_last_n=self.last_n_tokens_size,
                            penalty_repeat=kwargs.get("repeat_penalty", 1.0),
                            penalty_freq=kwargs.get("frequency_penalty", 0.0),
                            penalty_present=kwargs.get("presence_penalty", 0.0))
        llama_cpp.llama_sampler_chain_add(chain.sampler, ctypes.pointer(check.sampler))
        chain.custom_samplers.append((llama_cpp.llama_sampler_chain_n(chain.sampler) - 1, check))
        chain._exit_stack.callback(check.free)   # the grammar sampler is ours: the chain holds only the check
        chain.add_greedy()
        return chain

    init_sampler.checks_grammar_lazily = True  # type: ignore[attr-defined]
    llama_cpp.Llama._init_sampler = init_sampler


def main() -> None:
    install()
    from llama_cpp.server import __main__ as server   # imported after the patch, as the server would be
    sys.argv[0] = "llama_cpp.server"
    server.main()


if __name__ == "__main__":
    main()
