//! The vault through the `medvault` binary, as a user or script drives it:
//! init, users, documents, audit, and the canary scan of files and logs.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use std::io::Write;

const ADMIN_PW: &str = "admin-password-1";

fn medvault(vault: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_medvault"));
    c.arg("--vault").arg(vault);
    c.env_remove("MEDVAULT_USER")
        .env_remove("MEDVAULT_PASSWORD")
        .env_remove("MEDVAULT_NEW_PASSWORD")
        .env("MEDVAULT_LOG", "trace");
    c
}

/// Runs `medvault --user USER --password-stdin ARGS`, feeding `stdin`.
fn run_as(vault: &Path, user: Option<&str>, args: &[&str], stdin: &str) -> Output {
    let mut c = medvault(vault);
    if let Some(u) = user {
        c.args(["--user", u]);
    }
    let mut child = c
        .arg("--password-stdin")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn init(vault: &Path) -> Output {
    let out = run_as(
        vault,
        None,
        &["init", "--admin", "admin"],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

#[test]
fn init_prints_the_recovery_key_once_and_refuses_a_second_init() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("v");
    let out = init(&v);
    let stdout = text(&out.stdout);
    let key = stdout.lines().last().unwrap();
    assert_eq!(key.len(), 79, "{stdout}");
    assert_eq!(key.split('-').count(), 16);
    let again = run_as(
        &v,
        None,
        &["init", "--admin", "admin"],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("a vault already exists"));
    // The recovery key resets the admin's password.
    let reset = run_as(
        &v,
        None,
        &["user", "passwd", "admin", "--recovery"],
        &format!("{key}\nreset-password-9\n"),
    );
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    let list = run_as(&v, Some("admin"), &["user", "list"], "reset-password-9\n");
    assert!(list.status.success(), "{}", text(&list.stderr));
}

#[test]
fn users_roles_and_audit_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("v");
    init(&v);
    let add = run_as(
        &v,
        Some("admin"),
        &["user", "add", "vic", "--role", "viewer"],
        &format!("{ADMIN_PW}\nvic-password-1\n"),
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    let list = run_as(
        &v,
        Some("admin"),
        &["user", "list", "--json"],
        &format!("{ADMIN_PW}\n"),
    );
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 2);

    let denied = run_as(
        &v,
        Some("vic"),
        &["user", "add", "eve", "--role", "admin"],
        "vic-password-1\neve-password-1\n",
    );
    assert!(!denied.status.success());
    assert!(
        text(&denied.stderr).contains("user 'vic' (viewer) is not allowed to manage users"),
        "{}",
        text(&denied.stderr)
    );

    let wrong = run_as(&v, Some("vic"), &["list"], "not-the-password\n");
    assert!(!wrong.status.success());
    assert!(text(&wrong.stderr).contains("wrong password for user 'vic'"));

    let role = run_as(
        &v,
        Some("admin"),
        &["user", "role", "vic", "analyst"],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(role.status.success(), "{}", text(&role.stderr));
    let dis = run_as(
        &v,
        Some("admin"),
        &["user", "disable", "vic"],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(dis.status.success());
    let gone = run_as(&v, Some("vic"), &["list"], "vic-password-1\n");
    assert!(text(&gone.stderr).contains("user 'vic' is disabled"));

    let verify = run_as(
        &v,
        Some("admin"),
        &["audit", "verify"],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    assert!(text(&verify.stdout).starts_with("audit log intact:"));

    let rows = run_as(
        &v,
        Some("admin"),
        &["audit", "list", "--json", "--user", "vic"],
        &format!("{ADMIN_PW}\n"),
    );
    let rows: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
    let actions: Vec<(&str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(actions.contains(&("user.add", "denied")), "{actions:?}");
    assert!(actions.contains(&("login", "failure")), "{actions:?}");
    assert!(actions.contains(&("login", "denied")), "{actions:?}");

    let rot = run_as(
        &v,
        Some("admin"),
        &["rotate-key", "--json"],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(rot.status.success(), "{}", text(&rot.stderr));
    let rot: serde_json::Value = serde_json::from_slice(&rot.stdout).unwrap();
    assert_eq!(rot["revoked"], serde_json::json!(["vic"]));

    let csv = dir.path().join("audit.csv");
    let exp = run_as(
        &v,
        Some("admin"),
        &[
            "audit",
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(exp.status.success(), "{}", text(&exp.stderr));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.starts_with("seq,time,user,action,resource,outcome,details\n"));
    assert!(body.lines().count() > 10);
}

#[test]
fn audit_verify_exits_non_zero_and_names_the_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("v");
    init(&v);
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "hello").unwrap();
    assert!(run_as(
        &v,
        Some("admin"),
        &["add", f.to_str().unwrap()],
        &format!("{ADMIN_PW}\n")
    )
    .status
    .success());
    // Tamper with row 3 using the sqlite3 file format directly: mark it failed.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = sqlx::SqlitePool::connect(&format!("sqlite:{}", v.join("vault.db").display()))
            .await
            .unwrap();
        sqlx::query("UPDATE audit_log SET outcome = 'failure' WHERE seq = 3")
            .execute(&db)
            .await
            .unwrap();
        db.close().await;
    });
    let out = run_as(
        &v,
        Some("admin"),
        &["audit", "verify"],
        &format!("{ADMIN_PW}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("first bad row: 3"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn canary_strings_reach_neither_the_vault_folder_nor_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("v");
    let mut logs = String::new();
    let out = init(&v);
    logs.push_str(&text(&out.stderr));
    let src = dir.path().join("CANARYfname0451.txt");
    std::fs::write(&src, "Patient CANARYbody77c1 takes metformin 500 mg").unwrap();
    let add = run_as(
        &v,
        Some("admin"),
        &[
            "add",
            src.to_str().unwrap(),
            "--title",
            "CANARYtitle3b2e",
            "--tag",
            "CANARYtag0d9f",
        ],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    logs.push_str(&text(&add.stderr));
    for args in [
        vec!["list"],
        vec!["show", "1"],
        vec!["audit", "list"],
        vec!["audit", "verify"],
    ] {
        let o = run_as(&v, Some("admin"), &args, &format!("{ADMIN_PW}\n"));
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        logs.push_str(&text(&o.stderr));
    }
    let exported = dir.path().join("exported.txt");
    let o = run_as(
        &v,
        Some("admin"),
        &["export", "1", "--out", exported.to_str().unwrap()],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    logs.push_str(&text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        "Patient CANARYbody77c1 takes metformin 500 mg"
    );

    assert!(
        logs.contains("TRACE") || logs.contains("DEBUG"),
        "trace logging was on: {logs}"
    );
    for canary in [
        "CANARYfname0451",
        "CANARYbody77c1",
        "CANARYtitle3b2e",
        "CANARYtag0d9f",
    ] {
        assert!(!logs.contains(canary), "{canary} in the logs");
        let mut stack = vec![v.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let bytes = std::fs::read(&p).unwrap();
                assert!(
                    !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
                    "{canary} in {p:?}"
                );
            }
        }
    }
}

#[test]
fn a_second_process_on_the_same_vault_is_refused_and_a_newer_schema_too() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("v");
    init(&v);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let vault = rt
        .block_on(medvault_core::Vault::open(&medvault_core::VaultPaths::new(
            &v,
        )))
        .unwrap();
    let out = run_as(&v, Some("admin"), &["list"], &format!("{ADMIN_PW}\n"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is open in another MedVault process"),
        "{}",
        text(&out.stderr)
    );
    rt.block_on(vault.close());

    rt.block_on(async {
        let db = sqlx::SqlitePool::connect(&format!("sqlite:{}", v.join("vault.db").display())).await.unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (999, 'future', 1, x'00', 0)")
            .execute(&db)
            .await
            .unwrap();
        db.close().await;
    });
    let out = run_as(&v, Some("admin"), &["list"], &format!("{ADMIN_PW}\n"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("newer than this MedVault understands"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_crypto_benchmark_runs_and_reports_against_its_reference() {
    let out = Command::new(env!("CARGO_BIN_EXE_medvault"))
        .args(["bench", "crypto", "--rounds", "1", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in [
        "unlock_ms",
        "copy_mb_s",
        "seal_mb_s",
        "open_mb_s",
        "seal_vs_copy",
        "open_vs_copy",
    ] {
        assert!(r[k].as_f64().unwrap() > 0.0, "{k}: {r}");
    }
    assert_eq!(r["kdf"]["m_kib"], 256 * 1024);
}
