//! Providers: people named with a title (`Dr. Jane Smith`, `Dr. Patel`) or a
//! credential (`John Doe, MD`), or on a labelled line (`Surgeon: …`,
//! `Referring Physician: …`). Placeholders such as `Dr. X` are not names.

/// Provider names in reading order, without repeats (`Dr.` dropped).
pub fn find_providers(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: String| {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    };
    for (i, w) in words.iter().enumerate() {
        let t = w.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')'));
        if matches!(t, "Dr." | "Dr" | "Doctor" | "DR.") {
            push(name_after(&words[i + 1..]));
        }
        // `Jane Smith, MD`: the credential follows a comma after the name.
        if i >= 2 && is_credential(t) && words[i - 1].ends_with(',') {
            let last = words[i - 1].trim_end_matches(',');
            let first = words[i - 2];
            if is_name(first) && is_name(last) {
                push(format!("{first} {last}"));
            }
        }
    }
    for line in text.lines() {
        if let Some((label, rest)) = line.split_once(':') {
            let label = label.trim().to_lowercase();
            if matches!(
                label.as_str(),
                "surgeon"
                    | "attending"
                    | "attending physician"
                    | "referring physician"
                    | "primary care physician"
                    | "ordering provider"
                    | "physician"
                    | "provider"
                    | "assistant surgeon"
                    | "anesthesiologist"
                    | "dictated by"
                    | "pcp"
            ) {
                let v: Vec<&str> = rest.split_whitespace().collect();
                let v = if v.first().is_some_and(|w| w.starts_with("Dr")) {
                    &v[1..]
                } else {
                    &v[..]
                };
                push(name_after(v));
            }
        }
    }
    out
}

fn is_credential(w: &str) -> bool {
    matches!(
        w.trim_end_matches(['.', ',']),
        "MD" | "M.D" | "DO" | "D.O" | "NP" | "PA-C" | "RN" | "DPM" | "PhD"
    )
}

/// A capitalised word of letters (`O'Neil` and `Smith-Jones` too), not a single letter.
fn is_name(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']);
    w.chars().count() >= 2
        && w.starts_with(|c: char| c.is_uppercase())
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        && !w.chars().all(|c| c.is_uppercase()) // `XYZ` placeholders and headings
}

/// One to three name words (a middle initial allowed) from the start of `words`.
fn name_after(words: &[&str]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for w in words.iter().take(3) {
        let bare = w.trim_end_matches([',', ';', ':']);
        let initial =
            bare.len() == 2 && bare.ends_with('.') && bare.starts_with(|c: char| c.is_uppercase());
        if is_name(bare) || (initial && !parts.is_empty()) {
            parts.push(bare.trim_end_matches('.'));
            if bare.ends_with('.') && !initial || w.ends_with(',') || w.ends_with(';') {
                break;
            }
        } else {
            break;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_credentials_and_labels() {
        let t = "Seen by Dr. Jane Smith today. Referral from Dr. Patel, cardiology.\n\
                 Dictated by: John A. Doe, MD\nSurgeon: Dr. Maria Lopez";
        assert_eq!(
            find_providers(t),
            ["Jane Smith", "Patel", "Maria Lopez", "John A Doe"]
        );
    }

    #[test]
    fn placeholders_are_not_names() {
        let t = "I was consulted by Dr. X for this patient. Dr. XYZ was present. DR. ABC agreed.";
        assert_eq!(find_providers(t), Vec::<String>::new());
    }
}
