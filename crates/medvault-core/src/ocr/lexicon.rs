//! The labelled corpus's common words: the lower-case words seen 20 times or
//! more, which the word rules look up to tell a word from a misreading.
//! `scripts/ocr_common_words.py` writes `common_words.txt`; a word written
//! `are +a` has a spelling with an `a` after it that is a word too (`area`).
//! The script also writes `near_words.txt`: the words of an English word
//! list, or seen three times or more in the corpus, one edit from a common
//! word (`identity` from `identify`), which are spelled right as read.

use std::sync::LazyLock;

/// The words, sorted, each with whether its spelling with an `a` is a word.
static WORDS: LazyLock<Vec<(&'static str, bool)>> = LazyLock::new(|| {
    include_str!("common_words.txt")
        .lines()
        .map(|l| match l.strip_suffix(" +a") {
            Some(w) => (w, true),
            None => (l, false),
        })
        .collect()
});

/// The words near a common one, sorted.
static NEAR: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("near_words.txt").lines().collect());

fn find(word: &str) -> Option<(&'static str, bool)> {
    WORDS
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|i| WORDS[i])
}

/// Whether `word`, in lower case, is one of the common words.
pub fn is_common(word: &str) -> bool {
    find(word).is_some()
}

/// Whether `word`, in lower case, is spelled right: a common word, or a
/// word one edit from one (`identity`, `hit`), not to be mended to it.
pub fn is_known(word: &str) -> bool {
    is_common(word) || NEAR.binary_search(&word).is_ok()
}

/// Whether an `a` read glued to `word` is an article: `word` is common and
/// its spelling with an `a` is no word (`with`, not `are` or `for`).
pub fn takes_glued_article(word: &str) -> bool {
    find(word).is_some_and(|(_, with_a)| !with_a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_sorted_lower_case_and_looked_up() {
        assert!(WORDS.len() > 2000 && NEAR.len() > 2000);
        assert!(NEAR.windows(2).all(|w| w[0] < w[1]));
        assert!(WORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(WORDS
            .iter()
            .all(|(w, _)| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase())));
        assert!(is_common("patient") && is_common("are") && !is_common("huthm"));
        assert!(is_known("identity") && is_known("patient") && !is_known("onlv"));
        assert!(takes_glued_article("with") && !takes_glued_article("are"));
        assert!(!takes_glued_article("Patient") && !takes_glued_article("ome"));
    }
}
