"""The reading rules: pure text -> facts, no model and no I/O.

One module per fact a reader finds (sentences, quotes, numbers and tallies, dates, countries,
polarity and positions, resolution symbols, bodies, outcome cues, event kinds, reasons); their
words are data in ``lexicon/<language>.toml`` and ``countries.csv``. ``reading.read`` computes
them once per article into a ``Reading`` that the passes and the answer validators share.
"""
