//! The tamper-evident audit log: append-only rows chained by HMAC-SHA256,
//! a sealed head kept apart from the table, verification and queries.

mod chain;
mod event;
mod export;
mod head;
mod query;
mod verify;

pub(crate) use chain::{append, Actor};
pub use event::{AuditEvent, Outcome};
pub(crate) use export::csv_field;
pub use export::{render, to_csv, to_json, AuditFormat};
pub(crate) use head::Head;
pub(crate) use query::list;
pub use query::{AuditEntry, AuditFilter};
pub(crate) use verify::verify;
pub use verify::VerifyReport;
