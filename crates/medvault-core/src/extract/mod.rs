//! Entities read from a document's text: its dates (with their role) and the
//! patient's name. Used to index documents by date and patient.

mod dates;
mod patient;

use serde::Serialize;

pub use dates::{find_dates, DateRole, FoundDate};
pub use patient::find_patients;

/// What [`extract`] finds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Entities {
    pub dates: Vec<FoundDate>,
    pub patients: Vec<String>,
}

impl Entities {
    /// The document's own date: the first date that is not a birth date.
    pub fn own_date(&self) -> Option<&FoundDate> {
        self.dates.iter().find(|d| d.role != DateRole::Birth)
    }
}

/// Reads the entities of `text`.
pub fn extract(text: &str) -> Entities {
    Entities {
        dates: find_dates(text),
        patients: find_patients(text),
    }
}
