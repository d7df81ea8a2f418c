"""Country names -> ISO 3166-1 alpha-3, for articles in English, Spanish, German and French.

The names are data: ``countries.csv`` (ISO3, ISO2, and per language the names, short forms,
capitals and demonyms), and the lexicon's ``country.*`` concepts (leading articles, and
phrases that contain a country name but are not that country).

Vote records are compared across articles, outlets and languages, so "the U.S.",
"Washington", "EE.UU." and "Vereinigten Staaten" must all become the same key (USA).
The rules, and why:

* ``normalise`` answers for a name the model gave us, which may be a short or long
  name, a demonym, a capital used as a metonym ("Moscow said ..."), or a code. It is
  case-insensitive and ignores a leading article, a possessive, dots, hyphens and
  accents, because the model copies these loosely. Codes and abbreviations (ISO2,
  ISO3, "UK", "UAE", "DPRK", "EE.UU.") only count when written in capitals: "us",
  "it", "no" and "can" are English words, so a lower-case "us" is not the USA.
* A name that could be two countries ("Korea", "Congo", "Korean", "Congolese") gives
  None rather than a guess: a wrong country in a vote record is worse than a missing one.
* Gaza, the West Bank and East Jerusalem give None on purpose: they are territories,
  not voting members, and mapping them to ISR or PSE would be a political claim the
  article may not make. "Palestine"/"Palestinian" give PSE (a UN observer state).
* ``mentions`` scans free text, where precision matters more: matching is
  case-sensitive (so "US" but never "us", "Turkey" but not "turkey", "China" but not
  "china"), bounded by non-word characters (no "Oman" in "Romania"), and leftmost-
  longest, so "Papua New Guinea" is not read as Guinea. Phrases that contain a
  country name but are not that country ("Washington Post", "Latin America",
  "Northern Ireland", "Gulf of Mexico") are matched as blockers and dropped, which
  stops the shorter name inside them from matching. Names that are also common words,
  places elsewhere or people's names (Sofia, Santiago, Kingston, Georgetown, German
  "Island", French "Maurice") are marked ``~`` in the table: ``normalise`` knows them, free
  text never matches them. Malé (Maldives) is left out entirely: "male".
* Brussels is not a metonym for Belgium here (in UN news it means the EU), and the
  alternation is built as a character trie so scanning costs one pass however many
  names there are.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
import unicodedata
from pathlib import Path

from extractor.read import lexicon as lexicon_module

TABLE = Path(__file__).parent / "countries.csv"
# CSV columns, in order, with the language whose grammar inflects them ("en-demonym": plurals)
COLUMNS = (("en_names", "en"), ("en_demonyms", "en-demonym"), ("en_capitals", "en"), ("es_names", "es"),
           ("es_adjectives", "es"), ("de_names", "de"), ("de_adjectives", "de"), ("fr_names", "fr"),
           ("fr_adjectives", "fr"))


def rows(path: Path = TABLE) -> dict[str, dict[str, str]]:
    """The country table: ISO3 -> its row (``iso2`` and the "|"-separated names of each column)."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["iso3"]: row for row in csv.DictReader(f)}


_SEP = r"[\s\-‐‑]+"  # a space in a name matches any run of spaces or hyphens, and vice versa


def _fold(s: str) -> str:
    """Accents off (ß -> ss via casefold), lower case."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def _strip_accents(s: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)))


def _clean(name: str, article: re.Pattern[str]) -> str:
    """Case kept: quotes, article, possessive, dots and separators off."""
    s = " ".join(name.replace("’", "'").replace("‘", "'").split()).strip(" \"'“”,;:")
    s = article.sub("", s)
    s = re.sub(r"'s?$", "", s).replace(".", "")
    return " ".join(re.sub(r"[-‐‑,()]", " ", s).split())


def _key(name: str, article: re.Pattern[str]) -> str:
    return _fold(_clean(name, article)).replace("'", "")


def _is_abbreviation(alias: str) -> bool:
    compact = alias.replace(".", "").replace(" ", "")
    return len(compact) <= 5 and compact.isalpha() and compact.isupper()


def _surface(s: str) -> str:
    """How a matched span is looked up: apostrophes and separators made uniform."""
    return re.sub(r"[\s\-‐‑]+", " ", s.replace("’", "'").replace("‘", "'"))


def _inflect(alias: str, lang: str) -> list[str]:
    """Generated forms of one alias: plurals, adjective endings, German genitive/dative."""
    out = []
    if lang == "en-demonym" and not alias.endswith(("s", "sh", "ch", "se", "x", "z", "man", "men")):
        out.append(alias + "s")
    elif lang == "de" and alias.endswith("sch"):  # russisch, US-amerikanisch
        out += [alias + e for e in ("e", "en", "er", "es", "em")]
    elif alias[:1].islower():  # a Spanish or French adjective
        if lang == "es":
            if alias.endswith("o"):
                out += [alias[:-1] + e for e in ("a", "os", "as")]
            elif alias.endswith(("a", "e", "í")):
                out += [alias + "s"] + ([alias + "es"] if alias.endswith("í") else [])
            elif alias[-2:] in ("án", "én", "ín", "ón", "és"):
                out += [_strip_accents(alias) + e for e in ("a", "es", "as")]
            elif alias.endswith(("l", "r", "n", "s")):
                out += [alias + e for e in ("a", "es", "as")]
        elif lang == "fr":
            if alias.endswith("e"):
                out.append(alias + "s")
            elif alias.endswith("en"):
                out += [alias + e for e in ("ne", "s", "nes")]
            elif alias.endswith(("ais", "ois")):
                out += [alias + e for e in ("e", "es")]
            else:
                out += [alias + e for e in ("e", "s", "es")]
    elif lang == "de" and not _is_abbreviation(alias):
        words = alias.split(" ")
        if len(words) == 1 and not alias.endswith(("s", "x", "z", "ß")):
            out.append(alias + "s")  # Russlands, Deutschlands
        elif len(words) > 1:  # die Vereinigten Staaten, im Vereinigten Königreich(s)
            head = [re.sub(r"(?:e|es|er)$", "en", w) if w[:1].isupper() else w for w in words[:-1]]
            if head != words[:-1]:
                out += [" ".join(head + words[-1:]), " ".join(head + words[-1:]) + "s"]
    if alias.startswith("Saint "):
        out += ["St. " + alias[6:], "St " + alias[6:]]
    return out


@dataclasses.dataclass(frozen=True)
class Table:
    """The country table as built for lookups; ``normalise`` serves the answer validators too."""
    names: dict[str, str | None]      # folded key -> ISO3, None when ambiguous
    codes: dict[str, str]             # upper-case code or abbreviation -> ISO3
    surfaces: dict[str, str | None]   # exact surface form -> ISO3 (None: blocker)
    pattern: re.Pattern[str]
    demonyms: set[str]                # English demonyms ("Ukrainian"): they qualify, they do not act
    article: re.Pattern[str]

    def normalise(self, name: str) -> str | None:
        """ISO3 code for a country name, demonym, capital or code; None if not (exactly) one country."""
        if not isinstance(name, str):
            return None
        cleaned = _clean(name, self.article)
        compact = cleaned.replace(" ", "")
        if compact.isupper() and compact in self.codes:
            return self.codes[compact]
        return self.names.get(_fold(cleaned).replace("'", ""))

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Every country mention in ``text`` as (start, end, ISO3), leftmost-longest, in order."""
        found = []
        for m in self.pattern.finditer(text):
            code = self.surfaces.get(_surface(m.group()))
            if code:
                found.append((m.start(), m.end(), code))
        return found

    def is_adjective(self, surface: str) -> bool:
        """A demonym or a lower-case adjective ("Ukrainian draft", "estadounidense"): it qualifies, it does not act."""
        return surface in self.demonyms or surface[:1].islower()


def table(lex: lexicon_module.Lexicon | None = None, path: Path = TABLE) -> Table:
    """The table in ``path`` with the lexicon's articles and non-country phrases, built once."""
    return _table(lex or lexicon_module.load(), path)


@functools.cache
def _table(lex: lexicon_module.Lexicon, path: Path) -> Table:
    article = lex.compile(rf"^(?:{lex.alt('country.article')}\s+|{lex.alt('country.elision')})")
    names: dict[str, str | None] = {}
    codes: dict[str, str] = {}
    surfaces: dict[str, str | None] = {}
    normalise_only: set[str] = set()       # "~" forms: normalise() only

    def put(table: dict, key: str, code: str | None, explicit: bool) -> None:
        if key not in table:
            table[key] = code
        elif table[key] != code and explicit:
            table[key] = None  # two countries claim the same name: ambiguous

    generated: list[tuple[str, str, bool]] = []
    table_rows = rows(path)
    for iso3, row in table_rows.items():
        codes[iso3] = codes[row["iso2"]] = iso3
        for column, lang in COLUMNS:
            for alias in filter(None, row[column].split("|")):
                hidden = alias.startswith("~")
                alias = alias.lstrip("~")
                if _is_abbreviation(alias):
                    codes[alias.replace(".", "").replace(" ", "")] = iso3
                    surfaces[_surface(alias)] = iso3
                    continue
                forms = [alias] + _inflect(alias, lang)
                for i, form in enumerate(forms):
                    generated.append((form, iso3, i == 0))
                    if hidden:
                        normalise_only.add(form)
    proper = {_strip_accents(form) for form, _, explicit in generated if explicit and form[0].isupper()}
    for form, iso3, explicit in sorted(generated, key=lambda g: not g[2]):  # explicit aliases first
        put(names, _key(form, article), iso3, explicit)
        if form in normalise_only:
            continue
        variants = {form, _strip_accents(form), form[0].upper() + form[1:]}
        if _strip_accents(form[0].upper() + form[1:]) in proper:  # Spanish "china" is English china
            variants = {v for v in variants if v[0].isupper()}
        for variant in variants:
            put(surfaces, _surface(variant), iso3, explicit)
            put(surfaces, _surface(_strip_accents(variant[0].upper() + variant[1:])), iso3, explicit)
    for blocker in lex.entries("country.not_a_country"):
        names[_key(blocker, article)] = None
        for variant in {blocker, _strip_accents(blocker), blocker[0].upper() + blocker[1:]}:
            surfaces[_surface(variant)] = None
    demonyms = {alias.lstrip("~") for row in table_rows.values() for alias in row["en_demonyms"].split("|") if alias}
    return Table(names, codes, surfaces, _trie_regex(surfaces), demonyms, article)


def _trie_regex(words) -> re.Pattern[str]:
    """One alternation as a character trie; greedy optional tails make it longest-first."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def char(c: str) -> str:
        return _SEP if c == " " else "['’‘]" if c == "'" else re.escape(c)

    def emit(node: dict) -> str:
        alts = [char(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return re.compile(r"(?<!\w)" + emit(trie) + r"(?!\w)")
