#!/usr/bin/env python3
"""Writes crates/medvault-core/src/ocr/glued_stems.txt: the words the OCR may
find an article glued to (`witha` -> `with a`). A stem is a lower-case word
seen at least 20 times in the labelled corpus whose spelling with an `a`
after it is no word, neither in the corpus nor in an English word list
(Debian's wamerican, /usr/share/dict/words).

    python3 scripts/ocr_glued_stems.py ../shared/corpus/dev.jsonl
"""
import collections
import json
import sys

MIN_COUNT = 20
corpus, words = sys.argv[1], "/usr/share/dict/words"
seen = collections.Counter()
for line in open(corpus, encoding="utf-8"):
    for w in json.loads(line)["text"].split():
        seen[w.strip(".,;:()\"'").lower()] += 1
# Names (capitalized) are left out: a glued word is read in lower case.
english = {w.strip() for w in open(words, encoding="utf-8") if w[:1].islower()}
stems = sorted(
    w
    for w, n in seen.items()
    if n >= MIN_COUNT
    and w.isascii()
    and w.isalpha()
    and len(w) >= 2
    and w + "a" not in seen
    and w + "a" not in english
)
out = "crates/medvault-core/src/ocr/glued_stems.txt"
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(stems) + "\n")
print(f"{len(stems)} stems -> {out}")
