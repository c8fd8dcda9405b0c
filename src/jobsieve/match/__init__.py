"""Finding vocabulary forms in postings: one engine for every field and for cleaning.

Python's ``re`` tries every branch of a case-insensitive alternation at every character
(about a millisecond per vocabulary on a 10 KB posting). Forms almost always hold a literal
("basé à", "located in", "cdd", " stage"), so the engine works in two steps:

1. once per posting, a :class:`Scan` (kept on the :class:`~jobsieve.doc.Doc`) folds the
   text (lower case, accents off, one byte per character, same length so offsets carry
   over) and finds every literal of every vocabulary in one pass over a copy where
   non-word characters are spaces (literals written " word" then only occur at word
   starts); the pass is an Aho-Corasick automaton when ``ahocorasick_rs`` is installed,
   else a zero-width regex (same positions, about twice as slow over all);
2. each set of forms runs its own patterns only where one of its literals occurred, and
   remembers the result on the scan.

Kinds of form sets, by how their forms are written and bounded:

- :class:`Finder`: plain regexes run on the original text; a form starts at a word start
  where one of its literal prefixes occurs (forms with none are scanned the ordinary way);
  :meth:`Finder.find_all` also tries capitals glued to the previous word;
- :class:`LabelFinder`: plain-text labels before a colon, even glued to the previous word;
- :class:`Matcher`: vocabulary sections with per-form labels, scores and flags (language,
  case, glued), matched on folded text between letter boundaries, around their anchors;
- :class:`Lexicon`: labelled vocabularies of short forms (money, periods, benefits), found
  at word starts of the title-cased text and matched at given positions.

What a regex starts with or contains is read by :mod:`.patterns` (the one place that uses
Python's private regex parser, with a fallback when it is missing); :mod:`.regex_text`
writes and reads regexes as plain text, and :mod:`.folding` folds texts and patterns.
"""

from __future__ import annotations

from .anchored import Matcher, matcher
from .folding import fold, fold_char, fold_pattern, lowered
from .forms import Finder, Forms, LabelFinder
from .lexicon import Lexicon, lexicon
from .patterns import (
    anchors, first_chars, literal_forms, literal_heads, literal_prefixes, required_literals,
)
from .regex_text import literal_prefix, lower_form, trie_regex
from .scan import LITERALS, Scan, scan_of, word_start
from .section_forms import (
    END, START, Form, Hit, alternation, bounded, is_end, is_start, section, subsection,
)

__all__ = [
    "END", "LITERALS", "START", "Finder", "Form", "Forms", "Hit", "LabelFinder",
    "Lexicon", "Matcher", "Scan", "alternation", "anchors", "bounded", "first_chars", "fold",
    "fold_char", "fold_pattern", "is_end", "is_start", "lexicon", "literal_forms",
    "literal_heads", "literal_prefix", "literal_prefixes", "lower_form", "lowered", "matcher",
    "required_literals", "scan_of", "section", "subsection", "trie_regex", "word_start",
]
