//! The patient's name where a labelled line gives it (`Patient: Ann Lee`,
//! `Patient Name: LEE, ANN`, `Name: …`).

/// Names found on labelled lines, in order, without repeats.
pub fn find_patients(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let Some((label, rest)) = line.split_once(':') else {
            continue;
        };
        let label = label.trim().to_ascii_lowercase();
        if !matches!(
            label.as_str(),
            "patient" | "patient name" | "name" | "pt" | "pt name"
        ) {
            continue;
        }
        // The value ends at a run of spaces (the next column) or the line's end.
        let value = rest.trim_start();
        let value = value.split("  ").next().unwrap_or("").trim();
        if let Some(name) = as_name(value) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// `LEE, ANN M` → `Ann M Lee`; refuses values that are not a person's name.
fn as_name(v: &str) -> Option<String> {
    let (first, last) = match v.split_once(',') {
        Some((last, first)) => (first.trim(), last.trim()),
        None => (v, ""),
    };
    let words: Vec<&str> = first
        .split_whitespace()
        .chain(last.split_whitespace())
        .collect();
    let ok = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
        })
        && !words.iter().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "this" | "the" | "is" | "a" | "an" | "sample" | "unknown" | "patient" | "name"
            )
        });
    ok.then(|| {
        words
            .iter()
            .map(|w| {
                let mut c = w.chars();
                let head = c.next().unwrap();
                if w.len() > 2 && w.chars().all(|ch| !ch.is_lowercase()) {
                    head.to_string() + &c.as_str().to_lowercase()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_names_are_found_and_tidied() {
        assert_eq!(
            find_patients(
                "Patient: Ann Lee    MRN: 123\nPATIENT NAME: LEE, ANN M\nName: Bo O'Neil"
            ),
            ["Ann Lee", "Ann M Lee", "Bo O'Neil"]
        );
    }

    #[test]
    fn sentences_and_placeholders_are_not_names() {
        assert!(find_patients(
            "PATIENT:  This is an 85-year-old female\nname:  Sample Name\nPatient: 12345"
        )
        .is_empty());
    }
}
