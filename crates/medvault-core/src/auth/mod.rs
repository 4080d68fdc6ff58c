//! Accounts and permissions: roles, the permission matrix, sessions,
//! password rules and login throttling.

mod password;
mod role;
mod session;
mod throttle;

pub use password::check_new_password;
pub use role::{permits, Action, Role};
pub use session::Session;
pub(crate) use session::VaultKeys;
pub use throttle::{Throttle, LOCKOUT_AFTER};
