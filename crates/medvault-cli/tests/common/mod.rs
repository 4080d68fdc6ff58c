//! Helpers shared by the CLI tests that drive a vault as its admin: the
//! `medvault` binary with the password on standard input.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;

pub const ADMIN_PW: &str = "admin-password-1";

/// `medvault --vault VAULT --user admin --password-stdin ARGS`, all pipes open.
pub fn medvault(vault: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_medvault"));
    c.arg("--vault")
        .arg(vault)
        .args(["--user", "admin", "--password-stdin"])
        .args(args)
        .env_remove("MEDVAULT_USER")
        .env_remove("MEDVAULT_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Starts the command and gives it the admin's password.
pub fn start(vault: &Path, args: &[&str]) -> Child {
    let mut child = medvault(vault, args).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{ADMIN_PW}").unwrap();
    child
}

/// Runs the command to its end: exit code, stdout, stderr.
pub fn run(vault: &Path, args: &[&str]) -> (i32, String, String) {
    let out = start(vault, args).wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A new vault at `vault` with the admin `admin`.
pub fn init(vault: &Path) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_medvault"));
    let mut child = c
        .arg("--vault")
        .arg(vault)
        .args(["--password-stdin", "init", "--admin", "admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{ADMIN_PW}").unwrap();
    assert!(child.wait().unwrap().success());
}

/// The lines of `r` (a child's stdout or stderr) on a channel, as they come.
pub fn lines(r: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(r).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// A new vault (`<tmp>/vault`) holding `files` (name, content), ingested by the admin.
pub fn vault_with_files(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    init(&vault);
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for (name, content) in files {
        std::fs::write(inbox.join(name), content).unwrap();
    }
    let (code, out, err) = run(&vault, &["ingest", inbox.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    (tmp, vault)
}
