//! Audit rows as CSV or JSON files for auditors.

use super::AuditEntry;
use crate::time::format_iso;

/// A CSV field, quoted when it holds a comma, a quote or a line break.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV with a header row; times in ISO 8601 UTC, details as JSON text.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = String::from("seq,time,user,action,resource,outcome,details\n");
    for e in entries {
        let fields = [
            e.seq.to_string(),
            format_iso(e.at),
            e.user.clone().unwrap_or_default(),
            e.action.clone(),
            e.resource.clone().unwrap_or_default(),
            e.outcome.clone(),
            e.details
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The formats audit rows are exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditFormat {
    Csv,
    Json,
}

/// The entries in `format`.
pub fn render(entries: &[AuditEntry], format: AuditFormat) -> String {
    match format {
        AuditFormat::Csv => to_csv(entries),
        AuditFormat::Json => to_json(entries),
    }
}

/// A JSON array of the entries.
pub fn to_json(entries: &[AuditEntry]) -> String {
    serde_json::to_string_pretty(entries).expect("serializable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let e = AuditEntry {
            seq: 1,
            at: 0,
            user: Some("ann".into()),
            action: "document.update".into(),
            resource: Some("document:1".into()),
            outcome: "success".into(),
            details: Some(serde_json::json!({"fields": ["title", "tags"]})),
        };
        let csv = to_csv(&[e]);
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            r#"1,1970-01-01T00:00:00Z,ann,document.update,document:1,success,"{""fields"":[""title"",""tags""]}""#
        );
    }
}
