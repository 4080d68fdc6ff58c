//! The `medvault` binary, run as a user runs it.

use std::process::Command;

fn medvault() -> Command {
    Command::new(env!("CARGO_BIN_EXE_medvault"))
}

#[test]
fn help_lists_subcommands_and_global_vault_option() {
    let out = medvault().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("status"), "{text}");
    assert!(text.contains("--vault <DIR>"), "{text}");
    assert!(text.contains("MEDVAULT_DIR"), "{text}");
}

#[test]
fn version_prints_the_crate_version() {
    let out = medvault().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim(),
        format!("medvault {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn vault_comes_from_flag_or_environment() {
    let dir = tempfile::tempdir().unwrap();
    let by_flag = medvault()
        .args(["status", "--json", "--vault"])
        .arg(dir.path())
        .env_remove("MEDVAULT_DIR")
        .output()
        .unwrap();
    let by_env = medvault()
        .args(["status", "--json"])
        .env("MEDVAULT_DIR", dir.path())
        .output()
        .unwrap();
    for out in [by_flag, by_env] {
        assert!(out.status.success(), "{out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["root"], dir.path().to_str().unwrap());
        assert_eq!(v["state"], "new");
    }
}

#[test]
fn a_folder_of_other_files_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.txt"), "keep me").unwrap();
    let out = medvault()
        .arg("status")
        .arg("--vault")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not a MedVault vault"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("letter.txt")).unwrap(),
        "keep me"
    );
}

#[cfg(unix)]
#[test]
fn output_into_a_pipe_closed_early_ends_quietly() {
    // `medvault extract --text ... | head -0`: the reader is gone before
    // anything is written.
    use std::os::unix::process::ExitStatusExt;
    let mut child = medvault()
        .args([
            "extract",
            "--text",
            "Seen 03/04/2021. Sodium 140 mmol/L 135-145",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.status.success() || out.status.signal() == Some(libc::SIGPIPE),
        "{:?}: {err}",
        out.status
    );
}
