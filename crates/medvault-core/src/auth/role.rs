//! Roles and the one permission matrix every core entry point checks.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Users, settings, audit, and everything a manager can do.
    Admin,
    /// All documents, including delete, retention and export.
    Manager,
    /// View, upload and edit metadata; no delete or export.
    Analyst,
    /// View only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Analyst, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Analyst => "analyst",
            Role::Viewer => "viewer",
        }
    }

    /// Parses `admin`, `manager`, `analyst` or `viewer`.
    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown role '{s}'; use admin, manager, analyst or viewer"
                ))
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a session may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ViewDocument,
    UploadDocument,
    EditMetadata,
    DeleteDocument,
    ExportDocument,
    ManageUsers,
    ManageSettings,
    ViewAudit,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::ViewDocument,
        Action::UploadDocument,
        Action::EditMetadata,
        Action::DeleteDocument,
        Action::ExportDocument,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ViewAudit,
    ];

    /// Words for error messages: "user 'x' (viewer) is not allowed to …".
    pub fn describe(self) -> &'static str {
        match self {
            Action::ViewDocument => "view documents",
            Action::UploadDocument => "add documents",
            Action::EditMetadata => "edit document details",
            Action::DeleteDocument => "delete documents",
            Action::ExportDocument => "export documents",
            Action::ManageUsers => "manage users",
            Action::ManageSettings => "change settings",
            Action::ViewAudit => "read or verify the audit log",
        }
    }
}

/// The permission matrix: for each action, whether admin, manager, analyst
/// and viewer (in that order) may perform it.
const MATRIX: [(Action, [bool; 4]); 8] = [
    //                          admin  manager analyst viewer
    (Action::ViewDocument, [true, true, true, true]),
    (Action::UploadDocument, [true, true, true, false]),
    (Action::EditMetadata, [true, true, true, false]),
    (Action::DeleteDocument, [true, true, false, false]),
    (Action::ExportDocument, [true, true, false, false]),
    (Action::ManageUsers, [true, false, false, false]),
    (Action::ManageSettings, [true, false, false, false]),
    (Action::ViewAudit, [true, false, false, false]),
];

/// Whether `role` may perform `action`.
pub fn permits(role: Role, action: Action) -> bool {
    let col = Role::ALL
        .iter()
        .position(|r| *r == role)
        .expect("every role");
    MATRIX
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, allowed)| allowed[col])
        .expect("every action is in the matrix")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_the_matrix_once() {
        for a in Action::ALL {
            assert_eq!(MATRIX.iter().filter(|(m, _)| *m == a).count(), 1, "{a:?}");
        }
    }

    #[test]
    fn roles_parse_case_insensitively_and_refuse_unknown() {
        assert_eq!(Role::parse("Manager").unwrap(), Role::Manager);
        assert!(Role::parse("root").is_err());
    }
}
