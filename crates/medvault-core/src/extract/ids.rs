//! Identifiers and codes: medical record and account numbers on labelled
//! lines, telephone numbers, and ICD-10 codes (with a decimal part, or on a
//! line that says ICD or diagnosis).

/// Numbers given after an MRN label (`MRN: 00123456`, `Medical Record #`, `MR#`).
pub fn find_mrns(text: &str) -> Vec<String> {
    after_labels(
        text,
        &[
            "mrn",
            "mr#",
            "mr #",
            "mr no",
            "medical record number",
            "medical record #",
            "medical record no",
            "chart #",
            "chart no",
        ],
    )
}

/// Numbers given after an account label (`Account #: 123`, `Acct No 55`).
pub fn find_accounts(text: &str) -> Vec<String> {
    after_labels(
        text,
        &[
            "account #",
            "account no",
            "account number",
            "acct #",
            "acct no",
            "acct",
            "account",
        ],
    )
}

/// The identifier after any of `labels` (case-insensitive, then `:`/`#`/`.`
/// and spaces): letters and digits with at least one digit.
fn after_labels(text: &str, labels: &[&str]) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    for label in labels {
        let mut from = 0;
        while let Some(p) = lower[from..].find(label) {
            let start = from + p;
            from = start + label.len();
            // A label starts a word.
            if start > 0
                && lower[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let rest = &text[from..];
            let value_at = rest.len()
                - rest
                    .trim_start_matches([':', '#', '.', ' ', '\t', '-'])
                    .len();
            if value_at == 0 && !label.ends_with('#') {
                continue;
            }
            let value: String = rest[value_at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let value = value.trim_end_matches('-').to_string();
            if value.len() >= 3 && value.chars().any(|c| c.is_ascii_digit()) {
                found.push((start, value));
            }
        }
    }
    // In reading order, each once (a shorter label inside a longer one finds it again).
    found.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, v) in found {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Telephone numbers (`(555) 123-4567`, `555-123-4567`, `555.123.4567`,
/// `+1 555 123 4567`), as their ten digits `555-123-4567`.
pub fn find_phones(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_word =
            i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/' || b[i - 1] == b'.');
        if starts_word && (b[i] == b'(' || b[i] == b'+' || b[i].is_ascii_digit()) {
            if let Some((digits, len)) = phone_at(&b[i..]) {
                if !out.contains(&digits) {
                    out.push(digits);
                }
                i += len;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A phone number at the start of `b`: its normalised form and byte length.
fn phone_at(b: &[u8]) -> Option<(String, usize)> {
    let mut i = 0;
    if b.starts_with(b"+1") {
        i = 2;
        while b.get(i) == Some(&b' ') || b.get(i) == Some(&b'-') {
            i += 1;
        }
    }
    let mut groups: Vec<String> = Vec::new();
    let mut seps = 0;
    for want in [3usize, 3, 4] {
        let paren = groups.is_empty() && b.get(i) == Some(&b'(');
        if paren {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i - start != want {
            return None;
        }
        groups.push(String::from_utf8_lossy(&b[start..i]).into_owned());
        if paren {
            if b.get(i) != Some(&b')') {
                return None;
            }
            i += 1;
        }
        if groups.len() < 3 {
            match b.get(i) {
                Some(b'-' | b'.' | b' ') => {
                    i += 1;
                    seps += 1;
                    if b.get(i) == Some(&b' ') {
                        i += 1;
                    }
                }
                _ if paren => {}
                _ => return None,
            }
        }
    }
    // Not part of a longer number, and written like a phone number.
    if b.get(i).is_some_and(u8::is_ascii_digit) || seps == 0 && !b.starts_with(b"(") {
        return None;
    }
    Some((groups.join("-"), i))
}

/// ICD-10 codes (`E11.9`, `I10` on a diagnosis line, `M54.5`).
pub fn find_icd10(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let l = line.to_lowercase();
        let coded_line = l.contains("icd") || l.contains("diagnos") || l.contains("dx");
        for w in line.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        {
            let w = w.trim_end_matches('.');
            let b = w.as_bytes();
            if b.len() < 3 || b.len() > 8 {
                continue;
            }
            let head = b[0].is_ascii_uppercase()
                && b[0] != b'U'
                && b[1].is_ascii_digit()
                && (b[2].is_ascii_digit() || b[2].is_ascii_uppercase());
            let tail_ok = match w.split_once('.') {
                None => b.len() == 3,
                Some((h, t)) => {
                    h.len() == 3
                        && (1..=4).contains(&t.len())
                        && t.chars().all(|c| c.is_ascii_alphanumeric())
                }
            };
            let decimal = w.contains('.');
            if head
                && tail_ok
                && (decimal || coded_line && !spine_level(w))
                && !out.iter().any(|x| x == w)
            {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// `C1`–`C8`, `T1`–`T12`, `L1`–`L5`, `S1`–`S5`: vertebrae, not codes.
fn spine_level(w: &str) -> bool {
    let (head, n) = w.split_at(1);
    let n: u32 = match n.parse() {
        Ok(n) => n,
        Err(_) => return false,
    };
    match head {
        "C" => n <= 8,
        "T" => n <= 12,
        "L" | "S" => n <= 5,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_and_account_numbers_on_labels() {
        let t = "Patient: Ann Lee   MRN: 00412345\nAccount #: A-99812  Medical Record Number 7788123\nMR# 55501";
        assert_eq!(find_mrns(t), ["00412345", "7788123", "55501"]);
        assert_eq!(find_accounts(t), ["A-99812"]);
        assert_eq!(find_mrns("The MRN was not recorded."), Vec::<String>::new());
    }

    #[test]
    fn phone_numbers_in_their_usual_forms() {
        let t = "Call (555) 123-4567 or 555-987-6543, fax 555.222.3333, +1 415 555 0100. \
                 Not 1234-567-8901, not 12/03/2024, not 5551234567890.";
        assert_eq!(
            find_phones(t),
            [
                "555-123-4567",
                "555-987-6543",
                "555-222-3333",
                "415-555-0100"
            ]
        );
    }

    #[test]
    fn icd10_codes_but_not_vertebrae_or_icd9() {
        let t = "DIAGNOSIS: Type 2 diabetes E11.9, hypertension I10.\n\
                 Low back pain M54.5.\nFusion at L4-L5 and T12; buttock abscess, ICD code 682.5.";
        assert_eq!(find_icd10(t), ["E11.9", "I10", "M54.5"]);
    }
}
