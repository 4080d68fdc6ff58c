//! What one audit row records.

use serde::Serialize;

/// Whether the audited action happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

/// An event to append: `action` is a fixed name such as `login` or
/// `document.view`; `resource` an id such as `document:12` or `user:ann`;
/// `details` is sealed before it is stored.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: &'static str,
    pub resource: Option<String>,
    pub outcome: Outcome,
    pub details: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn new(action: &'static str, outcome: Outcome) -> Self {
        Self {
            action,
            resource: None,
            outcome,
            details: None,
        }
    }

    pub fn resource(mut self, r: impl Into<String>) -> Self {
        self.resource = Some(r.into());
        self
    }

    pub fn details(mut self, d: serde_json::Value) -> Self {
        self.details = Some(d);
        self
    }
}
