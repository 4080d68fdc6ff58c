//! Where passwords come from: standard input (`--password-stdin`, one per
//! line), environment variables, or an interactive prompt without echo.

use std::io::BufRead;

use anyhow::{bail, Context, Result};
use zeroize::Zeroizing;

/// Reads passwords in the order the command needs them.
pub struct Secrets {
    stdin: bool,
    lines: Option<std::io::Lines<std::io::StdinLock<'static>>>,
}

impl Secrets {
    pub fn new(stdin: bool) -> Self {
        Self { stdin, lines: None }
    }

    fn next_line(&mut self, what: &str) -> Result<Zeroizing<String>> {
        let lines = self
            .lines
            .get_or_insert_with(|| std::io::stdin().lock().lines());
        match lines.next() {
            Some(line) => Ok(Zeroizing::new(line.context("cannot read standard input")?)),
            None => bail!("--password-stdin: standard input ended before the {what}"),
        }
    }

    /// The acting user's password.
    pub fn current(&mut self, user: &str) -> Result<Zeroizing<String>> {
        if self.stdin {
            return self.next_line("password");
        }
        if let Ok(p) = std::env::var("MEDVAULT_PASSWORD") {
            return Ok(Zeroizing::new(p));
        }
        prompt(&format!("Password for {user}: "))
    }

    /// A new password (asked twice at a prompt).
    pub fn new_password(&mut self, whose: &str) -> Result<Zeroizing<String>> {
        if self.stdin {
            return self.next_line("new password");
        }
        if let Ok(p) = std::env::var("MEDVAULT_NEW_PASSWORD") {
            return Ok(Zeroizing::new(p));
        }
        let a = prompt(&format!("New password for {whose}: "))?;
        let b = prompt("Repeat it: ")?;
        if *a != *b {
            bail!("the two passwords differ; nothing was changed");
        }
        Ok(a)
    }

    /// The vault's recovery key.
    pub fn recovery_key(&mut self) -> Result<Zeroizing<String>> {
        if self.stdin {
            return self.next_line("recovery key");
        }
        if let Ok(k) = std::env::var("MEDVAULT_RECOVERY_KEY") {
            return Ok(Zeroizing::new(k));
        }
        prompt("Recovery key: ")
    }
}

fn prompt(text: &str) -> Result<Zeroizing<String>> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .context(
            "cannot read a password from the terminal; use --password-stdin or MEDVAULT_PASSWORD",
        )
}
