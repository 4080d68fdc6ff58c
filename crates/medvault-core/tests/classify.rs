//! Document types: the built-in model on real pages, its accuracy on held-out
//! corpus documents (a regression guard), the pipeline's classified step, and
//! a vault's classifier learning from corrections, across a restart.

mod common;

use common::{new_vault, ADMIN_PW};
use medvault_core::classify::{
    built_in, evaluate, labelled, read_jsonl, simulate_corrections, stratified_split, Model,
    DEFAULT_C,
};
use medvault_core::samples::{pdf, SamplePage};
use medvault_core::vault::NewDocument;
use medvault_core::{Error, Role, Vault};

fn fixture_text(id: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocr")
        .join(format!("{id}.gt.txt"));
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn the_built_in_model_knows_real_pages() {
    let m = built_in().unwrap();
    assert_eq!(m.classes().len(), 12);
    let lab = m.predict(&fixture_text("fhir-labtext-1108"));
    assert_eq!(lab.doc_type, "lab_result_report");
    assert!(lab.confidence > 0.6, "{lab:?}");
    let test = m.predict(&fixture_text("mtsamples-1127"));
    assert_eq!(test.doc_type, "diagnostic_test_report", "{test:?}");
    // The file format round-trips.
    let again = Model::from_bytes(&m.to_bytes()).unwrap();
    assert_eq!(again.predict(&fixture_text("mtsamples-1127")), test);
    // A model of the older feature weighting is refused with what to do.
    let old = Model::from_bytes(b"MVCLS1\0\0\x01")
        .unwrap_err()
        .to_string();
    assert!(old.contains("medvault train classify"), "{old}");
    assert!(Model::from_bytes(b"NOTAMODEL").is_err());
}

/// The labelled corpus's `(text, type)` pairs (in `../shared`, as CI has it).
fn corpus() -> Option<Vec<(String, String)>> {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev.jsonl");
    if !corpus.exists() {
        eprintln!("SKIPPED: {} is not here", corpus.display());
        return None;
    }
    Some(labelled(&read_jsonl(&corpus).unwrap()))
}

/// A regression guard on held-out real documents.
#[test]
fn held_out_macro_f1_stays_where_it_was_measured() {
    let Some(all) = corpus() else { return };
    let mut f1 = Vec::new();
    for seed in 1..=3 {
        let (train, test) = stratified_split(&all, |e| e.1.clone(), 0.2, seed);
        let m = Model::train(&train, DEFAULT_C).unwrap();
        let pairs: Vec<(String, String)> = test
            .iter()
            .map(|(t, y)| (y.clone(), m.predict(t).doc_type))
            .collect();
        f1.push(evaluate(&pairs).macro_f1);
    }
    let mean = f1.iter().sum::<f64>() / 3.0;
    eprintln!("macro-F1 on seeds 1-3: {f1:?}, mean {mean:.3}");
    assert!(mean >= 0.87, "macro-F1 fell to {mean:.3} ({f1:?})");
}

/// Corrections teach a type the model never saw without unteaching the
/// others: a user corrects every wrong type among the first half of a stream
/// where discharge summaries are new (the earlier rule, passive-aggressive
/// steps to a margin of 1 that also moved both types' biases, learned it to
/// F1 0.83 and took the other types' accuracy from 0.926 to 0.867).
#[test]
fn teaching_a_new_type_leaves_the_others_as_they_were() {
    let Some(all) = corpus() else { return };
    let run = simulate_corrections(&all, Some("discharge_summary"), 1).unwrap();
    let (f1, before, after) = (
        run.taught.f1_of("discharge_summary"),
        run.untouched.accuracy_without("discharge_summary"),
        run.taught.accuracy_without("discharge_summary"),
    );
    eprintln!(
        "{} corrections: F1 {f1:.3}; others' accuracy {before:.4} -> {after:.4}",
        run.corrections
    );
    assert_eq!(run.untouched.f1_of("discharge_summary"), 0.0);
    assert!(f1 >= 0.85, "the new type was learned to F1 {f1:.3} only");
    assert!(
        after >= before - 0.02,
        "the other types' accuracy fell from {before:.4} to {after:.4}"
    );
}

#[tokio::test]
async fn ingested_documents_get_a_type_and_a_confidence() {
    let t = new_vault().await;
    let lines: Vec<String> = fixture_text("fhir-labtext-1108")
        .lines()
        .map(String::from)
        .collect();
    let o = t
        .ingest(
            NewDocument::named_after("lab.pdf".as_ref()),
            &pdf(&[SamplePage::Text(lines)]),
        )
        .await;
    assert_eq!(o.doc_type.as_deref(), Some("lab_result_report"), "{o:?}");
    let info = t.vault.document(&t.admin, o.id.unwrap()).await.unwrap();
    assert_eq!(info.doc_type.as_deref(), Some("lab_result_report"));
    assert!(info.confidence.unwrap() > 0.6);
    assert!(!info.needs_review);
}

#[tokio::test]
async fn a_vault_learns_from_corrections_and_remembers_them() {
    let t = new_vault().await;
    let chart = |n: u32| {
        format!(
            "DENTAL CHART:\nTooth {n} occlusal caries, composite restoration placed.\n\
             PERIODONTAL: probing depths 3 mm, bleeding on probing at tooth {}.\n\
             PLAN: recall in 6 months for prophylaxis and bitewing radiographs.",
            n + 2
        )
    };
    let first = t.doc(chart(14).as_bytes(), "chart1.txt", "c1", &[]).await;
    let before = t.vault.document(&t.admin, first).await.unwrap();
    assert_ne!(before.doc_type.as_deref(), Some("dental_chart"));
    // A kind of document the model never saw is flagged for review.
    assert!(before.needs_review, "{before:?}");

    // Only known types; only roles that may edit.
    let e = t
        .vault
        .set_document_type(&t.admin, first, "dental_chart")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unknown type"), "{e}");
    t.vault
        .add_document_type(&t.admin, "dental_chart")
        .await
        .unwrap();
    let viewer = t.user("vic", Role::Viewer).await;
    let e = t
        .vault
        .set_document_type(&viewer, first, "dental_chart")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e}");
    t.vault
        .set_document_type(&t.admin, first, "dental_chart")
        .await
        .unwrap();
    assert!(t.audited("document.retype", "success").await);

    // The next chart is recognised at once.
    let second = t.doc(chart(3).as_bytes(), "chart2.txt", "c2", &[]).await;
    let info = t.vault.document(&t.admin, second).await.unwrap();
    assert_eq!(info.doc_type.as_deref(), Some("dental_chart"));
    // A hand-set type needs no review.
    assert!(
        !t.vault
            .document(&t.admin, first)
            .await
            .unwrap()
            .needs_review
    );
    // Other documents are not dragged along.
    let lines: Vec<String> = fixture_text("fhir-labtext-1108")
        .lines()
        .map(String::from)
        .collect();
    let lab = t
        .ingest(
            NewDocument::named_after("lab.pdf".as_ref()),
            &pdf(&[SamplePage::Text(lines)]),
        )
        .await;
    assert_eq!(lab.doc_type.as_deref(), Some("lab_result_report"));

    // A new process replays the corrections.
    let paths = t.paths.clone();
    let common::TestVault { vault, .. } = t;
    vault.close().await;
    let vault = Vault::open(&paths).await.unwrap();
    let admin = vault.login("admin", ADMIN_PW).await.unwrap();
    let pipeline = medvault_core::ingest::Pipeline::new(Default::default());
    let o = pipeline
        .ingest_bytes(
            &vault,
            &admin,
            None,
            NewDocument::named_after("c3.txt".as_ref()),
            chart(20).into_bytes(),
            &common::quiet(),
        )
        .await;
    assert_eq!(o.doc_type.as_deref(), Some("dental_chart"), "{o:?}");
}
