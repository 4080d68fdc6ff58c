//! Runs of characters: the one scanner behind tokenizing for search and
//! finding words for entity extraction.

/// Byte ranges of the maximal runs of characters of `text` for which `keep` holds.
pub fn runs<'a>(
    text: &'a str,
    keep: impl Fn(char) -> bool + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), '\0')))
        .filter_map(move |(i, c)| {
            let inside = i < text.len() && keep(c);
            match (inside, start) {
                (true, None) => {
                    start = Some(i);
                    None
                }
                (false, Some(s)) => {
                    start = None;
                    Some((s, i))
                }
                _ => None,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_each_stretch_once() {
        let t = "  ab  c,d é";
        let got: Vec<&str> = runs(t, |c| !c.is_whitespace())
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(got, ["ab", "c,d", "é"]);
        let got: Vec<&str> = runs(t, char::is_alphanumeric)
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(got, ["ab", "c", "d", "é"]);
        assert_eq!(runs("", |_| true).count(), 0);
    }
}
