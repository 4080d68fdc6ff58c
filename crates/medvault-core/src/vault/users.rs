//! Local accounts: add, list, disable, change password or role.

use serde::Serialize;
use sqlx::SqliteConnection;

use super::keys::{load_slot, make_slot, open_slot, store_slot, SlotOpen};
use super::Vault;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::{check_new_password, Action, Role, Session};
use crate::store::now_ms;
use crate::{Error, Result};

/// A user as listed to an administrator.
#[derive(Debug, Clone, Serialize)]
pub struct UserInfo {
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub failed_logins: i64,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// User names: 1 to 64 letters, digits, `.`, `_` or `-`.
pub(crate) fn check_user_name(name: &str) -> Result<()> {
    let ok = (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "invalid user name '{name}': use 1 to 64 letters, digits, '.', '_' or '-'"
        )))
    }
}

pub(crate) async fn insert_user(
    tx: &mut SqliteConnection,
    name: &str,
    role: Role,
    now: i64,
) -> Result<i64> {
    let r = sqlx::query("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)")
        .bind(name)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await;
    match r {
        Ok(done) => Ok(done.last_insert_rowid()),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(Error::Invalid(format!(
            "a user named '{name}' already exists"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// A user row as login needs it.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
}

pub(crate) async fn find_user(pool: &sqlx::SqlitePool, name: &str) -> Result<Option<UserRow>> {
    Ok(sqlx::query_as(
        "SELECT id, name, role, disabled, failed_logins, locked_until FROM users WHERE name = ?",
    )
    .bind(name)
    .fetch_optional(pool)
    .await?)
}

impl Vault {
    async fn user_row(&self, name: &str) -> Result<UserRow> {
        find_user(&self.pool, name)
            .await?
            .ok_or_else(|| Error::UnknownUser(name.to_string()))
    }

    /// Adds a user with `role` and an initial password (admin only).
    pub async fn add_user(
        &self,
        s: &Session,
        name: &str,
        role: Role,
        password: &str,
    ) -> Result<()> {
        let res = Some(format!("user:{name}"));
        let keys = self
            .authorize(s, Action::ManageUsers, "user.add", res.clone())
            .await?;
        check_user_name(name)?;
        check_new_password(password)?;
        let now = now_ms();
        let mut w = self.begin().await?;
        let id = insert_user(&mut w.tx, name, role, now).await?;
        let slot = make_slot(password.as_bytes(), &keys.vmk, "password", Some(id)).await?;
        store_slot(&mut w.tx, Some(id), "password", &slot, now).await?;
        let ev = AuditEvent::new("user.add", Outcome::Success)
            .resource(format!("user:{name}"))
            .details(serde_json::json!({"role": role.as_str()}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// Lists all users, disabled ones included (admin only).
    pub async fn list_users(&self, s: &Session) -> Result<Vec<UserInfo>> {
        self.authorize(s, Action::ManageUsers, "user.list", None)
            .await?;
        let rows: Vec<(String, String, bool, i64, i64)> = sqlx::query_as(
            "SELECT name, role, disabled, failed_logins, created_at FROM users ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(name, role, disabled, failed_logins, created_at)| {
                Ok(UserInfo {
                    name,
                    role: Role::parse(&role)?,
                    disabled,
                    failed_logins,
                    created_at,
                })
            })
            .collect()
    }

    /// Disables (or re-enables) a user; users are never deleted so the audit
    /// keeps naming them. An admin cannot disable their own account.
    pub async fn set_user_disabled(&self, s: &Session, name: &str, disabled: bool) -> Result<()> {
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        let keys = self
            .authorize(s, Action::ManageUsers, action, Some(format!("user:{name}")))
            .await?;
        let u = self.user_row(name).await?;
        if disabled && Some(u.id) == s.user_id {
            return Err(Error::Invalid("you cannot disable your own account".into()));
        }
        let mut w = self.begin().await?;
        sqlx::query(
            "UPDATE users SET disabled = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
        )
        .bind(disabled)
        .bind(u.id)
        .execute(&mut *w.tx)
        .await?;
        let ev = AuditEvent::new(action, Outcome::Success).resource(format!("user:{}", u.name));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// Changes a user's role (admin only). The last enabled admin keeps the role.
    pub async fn set_user_role(&self, s: &Session, name: &str, role: Role) -> Result<()> {
        let keys = self
            .authorize(
                s,
                Action::ManageUsers,
                "user.role",
                Some(format!("user:{name}")),
            )
            .await?;
        let u = self.user_row(name).await?;
        if u.role == "admin" && role != Role::Admin {
            let admins: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0",
            )
            .fetch_one(&self.pool)
            .await?;
            if admins <= 1 {
                return Err(Error::Invalid(
                    "the vault must keep at least one enabled admin".into(),
                ));
            }
        }
        let mut w = self.begin().await?;
        sqlx::query("UPDATE users SET role = ? WHERE id = ?")
            .bind(role.as_str())
            .bind(u.id)
            .execute(&mut *w.tx)
            .await?;
        let ev = AuditEvent::new("user.role", Outcome::Success)
            .resource(format!("user:{}", u.name))
            .details(serde_json::json!({"from": u.role, "to": role.as_str()}));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }

    /// Sets `name`'s password by re-sealing that one slot. Users change their
    /// own (proving the current password); an admin may reset anyone's.
    pub async fn change_password(
        &self,
        s: &Session,
        name: &str,
        current: Option<&str>,
        new: &str,
    ) -> Result<()> {
        let res = Some(format!("user:{name}"));
        let own = s.user().eq_ignore_ascii_case(name) && s.user_id.is_some();
        let keys = if own {
            self.check_generation(s)?;
            s.keys()?
        } else {
            self.authorize(s, Action::ManageUsers, "user.passwd", res)
                .await?
        };
        check_new_password(new)?;
        let u = self.user_row(name).await?;
        if own {
            let slot = load_slot(&self.pool, Some(u.id)).await?;
            let cur =
                current.ok_or_else(|| Error::Invalid("enter your current password".into()))?;
            if let SlotOpen::WrongSecret =
                open_slot(cur.as_bytes(), &slot, "password", Some(u.id)).await?
            {
                return Err(Error::WrongPassword(u.name));
            }
        }
        let slot = make_slot(new.as_bytes(), &keys.vmk, "password", Some(u.id)).await?;
        let mut w = self.begin().await?;
        store_slot(&mut w.tx, Some(u.id), "password", &slot, now_ms()).await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")
            .bind(u.id)
            .execute(&mut *w.tx)
            .await?;
        let ev =
            AuditEvent::new("user.passwd", Outcome::Success).resource(format!("user:{}", u.name));
        self.finish(w, &keys.audit, &s.actor(), ev).await
    }
}
