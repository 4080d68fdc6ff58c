//! The sealed head: the number of rows and the newest MAC, sealed under the
//! audit key in `audit.head`, apart from the table, so that cutting off the
//! newest rows is detected. It is rewritten after every commit; a crash
//! between the two leaves the head one row behind, which verification allows
//! (the head is a floor: the table may be longer, never shorter).

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::crypto::{open, seal, Mac, SecretKey};
use crate::store::write_atomic;
use crate::{Error, Result};

const AAD: &[u8] = b"medvault audit head v1";

/// Count and last MAC of the audit log at the last commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Head {
    pub count: i64,
    pub last_mac: Vec<u8>,
}

impl Head {
    pub fn new(count: i64, last_mac: Mac) -> Self {
        Self {
            count,
            last_mac: last_mac.to_vec(),
        }
    }

    /// Writes the head atomically.
    pub fn store(&self, path: &Path, key: &SecretKey) -> Result<()> {
        let sealed = seal(key, AAD, &serde_json::to_vec(self).expect("serializable"))?;
        write_atomic(path, |w| {
            w.write_all(&sealed)
                .map_err(|e| Error::io("cannot write", path, e))
        })
    }

    /// Reads the head; `Ok(None)` if the file is missing.
    pub fn load(path: &Path, key: &SecretKey) -> Result<Option<Self>, String> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let plain =
            open(key, AAD, &bytes).map_err(|_| "the sealed audit head was altered".to_string())?;
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|_| "the sealed audit head is malformed".to_string())
    }
}
