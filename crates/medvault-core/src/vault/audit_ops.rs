//! Reading and verifying the audit log (admin only; both are audited).

use super::Vault;
use crate::audit::{
    list, render, verify, AuditEntry, AuditEvent, AuditFilter, AuditFormat, Outcome, VerifyReport,
};
use crate::auth::{Action, Session};
use crate::Result;

impl Vault {
    /// Recomputes the whole chain and checks it against the sealed head.
    pub async fn verify_audit(&self, s: &Session) -> Result<VerifyReport> {
        let keys = self
            .authorize(s, Action::ViewAudit, "audit.verify", None)
            .await?;
        let report = verify(&self.pool, &keys.audit, &self.paths.audit_head()).await?;
        // Recording the check appends a row; only do so on an intact log, so
        // the evidence of tampering stays exactly as found.
        if report.is_intact() {
            self.record(
                &keys,
                &s.actor(),
                AuditEvent::new("audit.verify", Outcome::Success),
            )
            .await?;
        }
        Ok(report)
    }

    /// Lists audit rows matching `filter`, with details decrypted.
    pub async fn audit_entries(
        &self,
        s: &Session,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>> {
        let keys = self
            .authorize(s, Action::ViewAudit, "audit.list", None)
            .await?;
        let rows = list(&self.pool, &keys.audit, filter).await?;
        self.record(
            &keys,
            &s.actor(),
            AuditEvent::new("audit.list", Outcome::Success),
        )
        .await?;
        Ok(rows)
    }

    /// Writes the rows matching `filter` to the new file `out` (replaced
    /// whole or not at all) in `format`; returns how many.
    pub async fn export_audit(
        &self,
        s: &Session,
        filter: &AuditFilter,
        format: AuditFormat,
        out: &std::path::Path,
    ) -> Result<usize> {
        let rows = self.audit_entries(s, filter).await?;
        let text = render(&rows, format);
        crate::store::write_atomic(out, |w| {
            std::io::Write::write_all(w, text.as_bytes())
                .map_err(|e| crate::Error::io("cannot write", out, e))
        })?;
        Ok(rows.len())
    }
}
