//! Entities read from a document's text: its dates (with their role), the
//! patient's name, identifiers (MRN, account), providers, medications with
//! dose, route and frequency, lab results with value, unit, range and flag,
//! ICD-10 codes and phone numbers. Used to index documents, shown in the
//! document view, and printed by `medvault extract`.

mod dates;
mod ids;
mod labs;
mod medications;
mod patient;
mod providers;
pub mod score;

use serde::Serialize;

pub use dates::{find_dates, DateOrder, DateRole, FoundDate};
pub use ids::{find_accounts, find_icd10, find_mrns, find_phones};
pub use labs::{find_labs, LabValue};
pub use medications::{find_medications, Medication};
pub use patient::find_patients;
pub use providers::find_providers;

/// What [`extract`] finds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Entities {
    pub dates: Vec<FoundDate>,
    pub patients: Vec<String>,
    pub mrns: Vec<String>,
    pub accounts: Vec<String>,
    pub providers: Vec<String>,
    pub medications: Vec<Medication>,
    pub labs: Vec<LabValue>,
    pub icd10: Vec<String>,
    pub phones: Vec<String>,
}

impl Entities {
    /// The document's own date: the first date that is not a birth date.
    pub fn own_date(&self) -> Option<&FoundDate> {
        self.dates.iter().find(|d| d.role != DateRole::Birth)
    }
}

/// Reads the entities of `text`; `order` reads the dates that read both
/// ways when the text does not say.
pub fn extract(text: &str, order: DateOrder) -> Entities {
    Entities {
        dates: find_dates(text, order),
        patients: find_patients(text),
        mrns: find_mrns(text),
        accounts: find_accounts(text),
        providers: find_providers(text),
        medications: find_medications(text),
        labs: find_labs(text),
        icd10: find_icd10(text),
        phones: find_phones(text),
    }
}
