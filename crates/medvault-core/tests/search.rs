//! Search through a real vault: documents go through the ingest pipeline,
//! are found with the query language, follow edits and deletes, survive a
//! damaged index (rebuilt with a notice), and every search is audited with
//! its query sealed.

mod common;

use common::{all_files, new_vault, new_vault_with, TestVault, ADMIN_PW};
use medvault_core::extract::DateOrder;
use medvault_core::ingest::Status;
use medvault_core::vault::{NewDocument, VaultOptions};
use medvault_core::{Role, Vault};

const LAB: &str = "LABORATORY REPORT\nPatient: Ann Lee\nCollected: 03/05/2024\n\
Glucose 5.6 mg/dL (70-99)\nPotassium K+ 3.1 L mmol/L\nHbA1c 7.2 %\n";
const CONSULT: &str = "CONSULTATION NOTE\nDate of Service: 11/20/2023\n\
The patient reports chest pain radiating to the left arm. Started metformin 500 mg twice daily.";
const XRAY: &str = "RADIOLOGY REPORT\nExam date: 2024-08-01\n\
X-ray of the cervical spine shows narrowing at C4-C5. No fractures.";

async fn fixture() -> (TestVault, [i64; 3]) {
    let t = new_vault().await;
    let a = t
        .doc(LAB.as_bytes(), "lab.txt", "Lipid panel", &["cardiology"])
        .await;
    let b = t
        .doc(CONSULT.as_bytes(), "consult.txt", "Cardiology consult", &[])
        .await;
    let c = t
        .doc(XRAY.as_bytes(), "spine.txt", "Neck film", &["ortho"])
        .await;
    (t, [a, b, c])
}

async fn ids(t: &TestVault, q: &str) -> Vec<i64> {
    let r = t.vault.search(&t.admin, q, 20).await.unwrap();
    let mut v: Vec<i64> = r.hits.iter().map(|h| h.id).collect();
    v.sort();
    v
}

#[tokio::test]
async fn ingested_documents_are_found_with_the_query_language() {
    let (t, [lab, consult, xray]) = fixture().await;
    assert_eq!(ids(&t, "glucose").await, [lab]);
    assert_eq!(ids(&t, "\"chest pain\"").await, [consult]);
    assert_eq!(ids(&t, "mg/dL K+").await, [lab]);
    assert_eq!(ids(&t, "C4-C5").await, [xray]);
    assert_eq!(ids(&t, "metf*").await, [consult]);
    assert_eq!(ids(&t, "fractures OR glucose").await, [lab, xray]);
    assert_eq!(ids(&t, "cardiology").await, [consult], "in a title");
    assert_eq!(ids(&t, "tag:cardiology").await, [lab]);
    assert_eq!(ids(&t, "patient:\"ann lee\"").await, [lab]);
    assert_eq!(ids(&t, "date:2024").await, [lab, xray]);
    assert_eq!(ids(&t, "date:2023-11").await, [consult]);
    assert_eq!(ids(&t, "spine.txt").await, [xray], "the file name");
    // Entities read from the text, as fields.
    assert_eq!(ids(&t, "med:metformin").await, [consult]);
    assert_eq!(ids(&t, "lab:potassium").await, [lab]);
    assert_eq!(
        ids(&t, "lab:glucose OR med:metformin").await,
        [lab, consult]
    );
    assert_eq!(
        ids(&t, "med:potassium").await,
        Vec::<i64>::new(),
        "a lab test is not a medication"
    );

    for (id, ty) in [
        (lab, "lab_result_report"),
        (consult, "consultation_note"),
        (xray, "radiology_report"),
    ] {
        t.vault.set_document_type(&t.admin, id, ty).await.unwrap();
    }
    assert_eq!(ids(&t, "type:lab_result_report").await, [lab]);
    assert_eq!(
        ids(&t, "type:radiology_report OR type:consultation_note").await,
        [consult, xray]
    );
    let r = t.vault.search(&t.admin, "", 20).await.unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.by_type.get("lab_result_report"), Some(&1));
    assert_eq!(r.by_year.get(&2024), Some(&2));
    assert_eq!(r.by_year.get(&2023), Some(&1));

    // Hits carry what the list shows, and a highlighted snippet.
    let r = t.vault.search(&t.admin, "metformin", 20).await.unwrap();
    let h = &r.hits[0];
    assert_eq!(h.file_name, "consult.txt");
    assert_eq!(h.title.as_deref(), Some("Cardiology consult"));
    let (a, b) = h.highlights[0];
    assert_eq!(&h.snippet[a..b], "metformin");

    // A query that does not parse says why.
    let e = t.vault.search(&t.admin, "\"chest", 20).await.unwrap_err();
    assert!(e.to_string().contains("not closed"), "{e}");
}

#[tokio::test]
async fn edits_and_deletes_reach_the_index_and_every_search_is_audited() {
    let (t, [lab, consult, _]) = fixture().await;
    t.vault
        .update_document(
            &t.admin,
            consult,
            Some("Zebra follow-up".into()),
            Some(vec!["gi".into()]),
            None,
        )
        .await
        .unwrap();
    assert_eq!(ids(&t, "zebra").await, [consult]);
    assert_eq!(ids(&t, "tag:gi").await, [consult]);
    assert_eq!(ids(&t, "\"cardiology consult\"").await, Vec::<i64>::new());
    t.vault.delete_document(&t.admin, lab).await.unwrap();
    assert_eq!(ids(&t, "glucose").await, Vec::<i64>::new());

    // Every role may search; searches are audited with the query sealed.
    let viewer = t.user("vic", Role::Viewer).await;
    let r = t.vault.search(&viewer, "zebra", 10).await.unwrap();
    assert_eq!(r.total, 1);
    assert!(t.audited("search", "success").await);
    assert!(!t.audited("search", "failure").await);
    assert!(t.vault.search(&viewer, "(", 10).await.is_err());
    assert!(t.audited("search", "failure").await);
    t.vault.close().await;
    let hits = common::files_containing(t.paths.root(), b"zebra");
    assert!(hits.is_empty(), "the query is sealed: {hits:?}");
}

#[tokio::test]
async fn a_damaged_index_is_rebuilt_with_a_notice() {
    let (t, [lab, consult, xray]) = fixture().await;
    let TestVault {
        dir, paths, vault, ..
    } = t;
    vault.close().await;
    // Damage every index file.
    let files = all_files(&paths.index());
    assert!(files.len() > 3, "{files:?}");
    for f in &files {
        let mut b = std::fs::read(f).unwrap();
        let n = b.len();
        b[n / 2] ^= 0x55;
        std::fs::write(f, b).unwrap();
    }
    let vault = Vault::open(&paths).await.unwrap();
    let admin = vault.login("admin", ADMIN_PW).await.unwrap();
    let r = vault
        .search(&admin, "glucose OR metformin OR fractures", 10)
        .await
        .unwrap();
    let mut found: Vec<i64> = r.hits.iter().map(|h| h.id).collect();
    found.sort();
    assert_eq!(found, [lab, consult, xray]);
    let notice = vault.take_search_notice().expect("a notice");
    assert!(notice.contains("rebuilt"), "{notice}");
    assert!(vault.take_search_notice().is_none(), "told once");
    let rows = vault
        .audit_entries(&admin, &Default::default())
        .await
        .unwrap();
    assert!(rows.iter().any(|e| e.action == "search.rebuild"));
    // An index folder removed outright is rebuilt too (quietly: nothing was damaged).
    vault.close().await;
    std::fs::remove_dir_all(paths.index()).unwrap();
    let vault = Vault::open(&paths).await.unwrap();
    let admin = vault.login("admin", ADMIN_PW).await.unwrap();
    assert_eq!(vault.search(&admin, "glucose", 10).await.unwrap().total, 1);
    vault.close().await;
    drop(dir);
}

#[tokio::test]
async fn reindex_rebuilds_from_the_database_and_is_admin_only() {
    let (t, _) = fixture().await;
    assert_eq!(t.vault.reindex(&t.admin).await.unwrap(), 3);
    assert_eq!(ids(&t, "glucose OR fractures").await.len(), 2);
    let analyst = t.user("ana", Role::Analyst).await;
    let e = t.vault.reindex(&analyst).await.unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    // A failed document (no text) is not indexed and does not stop a reindex.
    let o = t
        .ingest(
            NewDocument {
                file_name: "broken.pdf".into(),
                ..Default::default()
            },
            b"%PDF-1.4 garbage",
        )
        .await;
    assert_eq!(o.status, Status::Failed, "{o:?}");
    assert_eq!(t.vault.reindex(&t.admin).await.unwrap(), 3);
}

#[tokio::test]
async fn an_admin_sets_the_date_order_and_every_document_is_read_again() {
    let (t, [lab, consult, _]) = fixture().await;
    // `Collected: 03/05/2024` reads both ways: month first until told.
    assert_eq!(t.vault.date_order().await.unwrap(), DateOrder::MonthFirst);
    assert_eq!(ids(&t, "date:2024-03-05").await, [lab]);
    let viewer = t.user("vic", Role::Viewer).await;
    let e = t
        .vault
        .set_date_order(&viewer, DateOrder::DayFirst)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    assert!(t.audited("settings.update", "denied").await);

    assert_eq!(
        t.vault
            .set_date_order(&t.admin, DateOrder::DayFirst)
            .await
            .unwrap(),
        3
    );
    assert!(t.audited("settings.update", "success").await);
    assert_eq!(ids(&t, "date:2024-05-03").await, [lab]);
    assert!(ids(&t, "date:2024-03-05").await.is_empty());
    // A date that reads one way only is unmoved.
    assert_eq!(ids(&t, "date:2023-11-20").await, [consult]);
    // Documents added later follow the setting too.
    let later = t
        .doc(b"Seen 04/06/2024 for a cough.", "later.txt", "Visit", &[])
        .await;
    assert_eq!(ids(&t, "date:2024-06-04").await, [later]);
    // Setting the same order again reads nothing again.
    assert_eq!(
        t.vault
            .set_date_order(&t.admin, DateOrder::DayFirst)
            .await
            .unwrap(),
        0
    );
    let s = t.vault.settings(&viewer).await.unwrap();
    assert_eq!(s.date_order, DateOrder::DayFirst);
    assert_eq!(s.idle_timeout_secs, 600);
}

#[tokio::test]
async fn a_vault_created_day_first_reads_its_first_document_day_first() {
    let t = new_vault_with(VaultOptions {
        date_order: DateOrder::DayFirst,
    })
    .await;
    let s = t.vault.settings(&t.admin).await.unwrap();
    assert_eq!(s.date_order, DateOrder::DayFirst);
    let created = t
        .vault
        .audit_entries(&t.admin, &Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "vault.create")
        .expect("the creation is audited");
    assert_eq!(
        created.details,
        Some(serde_json::json!({"date_order": "day_first"}))
    );
    let lab = t.doc(LAB.as_bytes(), "lab.txt", "Lipid panel", &[]).await;
    assert_eq!(ids(&t, "date:2024-05-03").await, [lab]);
    // The setting stays an ordinary one: the admin can turn it back.
    assert_eq!(
        t.vault
            .set_date_order(&t.admin, DateOrder::MonthFirst)
            .await
            .unwrap(),
        1
    );
    assert_eq!(ids(&t, "date:2024-03-05").await, [lab]);
}
