//! Rules for new passwords.

use crate::{Error, Result};

/// Minimum length of a new password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Refuses passwords too short to withstand guessing against a stolen vault.
pub fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::Invalid(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    Ok(())
}
