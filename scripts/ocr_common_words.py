#!/usr/bin/env python3
"""Writes crates/medvault-core/src/ocr/common_words.txt: the lower-case words
seen at least 20 times in the labelled corpus, sorted, one per line. The OCR's
word rules look words up in it: a space read as a mark stands between two
such words (`patient.did`), and an article is split off one (`witha`). A word
whose spelling with an `a` after it is a word too, in the corpus or in an
English word list (Debian's wamerican, /usr/share/dict/words), is written
`are +a` (`area`): no article is split off it.

Also writes crates/medvault-core/src/ocr/near_words.txt: the words, in the
English word list or seen three times or more in the corpus, that are one
edit (a letter put in, left out or changed, or `m` for `rn`) from a common
word. They are spelled right, so the OCR never mends them to the common word
(`laver` stays `laver`, not `layer`).

    python3 scripts/ocr_common_words.py ../shared/corpus/dev.jsonl
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
english_any_case = {w.strip().lower() for w in open(words, encoding="utf-8")}
common = sorted(
    w
    for w, n in seen.items()
    if n >= MIN_COUNT and w.isascii() and w.isalpha() and len(w) >= 2
)
out = "crates/medvault-core/src/ocr/common_words.txt"
with open(out, "w", encoding="utf-8") as f:
    for w in common:
        with_a = w + "a" in seen or w + "a" in english
        f.write(f"{w} +a\n" if with_a else f"{w}\n")
print(f"{len(common)} words -> {out}")

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(w):
    """The spellings one edit from `w`."""
    out = {w.replace("m", "rn", 1), w.replace("rn", "m", 1)}
    for i in range(len(w) + 1):
        out.update(w[:i] + c + w[i:] for c in LETTERS)
    for i in range(len(w)):
        out.add(w[:i] + w[i + 1 :])
        out.update(w[:i] + c + w[i + 1 :] for c in LETTERS)
    return out


known = {w for w in english_any_case if w.isascii() and w.isalpha()}
known |= {w for w, n in seen.items() if n >= 3 and w.isascii() and w.isalpha()}
known -= set(common)
near = set()
for w in common:
    near |= one_edit(w) & known
out = "crates/medvault-core/src/ocr/near_words.txt"
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(sorted(near)) + "\n")
print(f"{len(near)} words near them -> {out}")
