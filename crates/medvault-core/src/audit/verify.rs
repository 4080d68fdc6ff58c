//! Verification: recompute every MAC in order and compare with the sealed head.

use serde::Serialize;
use sqlx::SqlitePool;

use super::chain::{Row, GENESIS};
use super::Head;
use crate::crypto::{ct_eq, SecretKey};
use crate::Result;

/// The outcome of `audit verify`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VerifyReport {
    /// Rows whose MAC and chain check out, from the first.
    pub intact_rows: i64,
    /// Rows in the table.
    pub total_rows: i64,
    /// The first bad row's sequence number, if any (or the head's count when rows were cut off).
    pub first_bad: Option<i64>,
    /// What is wrong, if anything.
    pub problem: Option<String>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

type DbRow = (
    i64,
    i64,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<Vec<u8>>,
    Vec<u8>,
);

/// Checks the whole log against `key` and the sealed head at `head_path`.
pub(crate) async fn verify(
    pool: &SqlitePool,
    key: &SecretKey,
    head_path: &std::path::Path,
) -> Result<VerifyReport> {
    let rows: Vec<DbRow> = sqlx::query_as(
        "SELECT seq, at, user_id, user_name, action, resource, outcome, details, mac \
         FROM audit_log ORDER BY seq",
    )
    .fetch_all(pool)
    .await?;
    let total = rows.len() as i64;
    let bad = |intact: i64, seq: i64, why: String| VerifyReport {
        intact_rows: intact,
        total_rows: total,
        first_bad: Some(seq),
        problem: Some(why),
    };
    let mut prev = GENESIS.to_vec();
    for (i, r) in rows.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        let row = Row {
            seq: r.0,
            at: r.1,
            user_id: r.2,
            user_name: r.3.as_deref(),
            action: &r.4,
            resource: r.5.as_deref(),
            outcome: &r.6,
            details: r.7.as_deref(),
        };
        if r.0 != expected_seq {
            return Ok(bad(
                i as i64,
                expected_seq,
                format!("row {expected_seq} is missing (next row found is {})", r.0),
            ));
        }
        let m = row.mac(key, &prev);
        if !ct_eq(&m, &r.8) {
            return Ok(bad(
                i as i64,
                r.0,
                format!(
                    "row {} was altered, reordered, or follows a removed row",
                    r.0
                ),
            ));
        }
        prev = r.8.clone();
    }
    match Head::load(head_path, key) {
        Err(why) => return Ok(bad(total, total, why)),
        Ok(None) if total > 0 => {
            return Ok(bad(total, total, "the sealed audit head is missing".into()))
        }
        Ok(None) => {}
        Ok(Some(head)) => {
            if head.count > total {
                return Ok(bad(
                    total,
                    total + 1,
                    format!(
                        "the newest rows were cut off: the sealed head records {} rows, the table has {total}",
                        head.count
                    ),
                ));
            }
            let at_head = usize::try_from(head.count - 1)
                .ok()
                .and_then(|i| rows.get(i))
                .map(|r| &r.8);
            if head.count > 0 && at_head != Some(&head.last_mac) {
                return Ok(bad(
                    total,
                    head.count,
                    format!("row {} does not match the sealed head", head.count),
                ));
            }
        }
    }
    Ok(VerifyReport {
        intact_rows: total,
        total_rows: total,
        first_bad: None,
        problem: None,
    })
}
