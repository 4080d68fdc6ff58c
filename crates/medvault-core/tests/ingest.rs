//! The ingest pipeline on every format, with fixtures made here: a text PDF,
//! a 3-page image-only PDF, a mixed PDF, a multi-page TIFF, a JPEG, plain
//! text, a corrupt PDF, a zero-byte file and a program renamed `.pdf`. Real
//! vault, real OCR, real encrypted files.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use common::{new_vault, quiet, TestVault};
use image::GrayImage;
use medvault_core::ingest::{Event, Outcome, Pipeline, PipelineOptions, Status, Step, TextSource};
use medvault_core::samples::{pdf, tiff, SamplePage};
use medvault_core::store::BlobKind;
use medvault_core::vault::NewDocument;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocr")
        .join(name)
}

fn report_jpeg() -> Vec<u8> {
    std::fs::read(fixture("mtsamples-1127.scan.jpg")).unwrap()
}

fn lab_jpeg() -> Vec<u8> {
    std::fs::read(fixture("fhir-labtext-1108.scan.jpg")).unwrap()
}

/// The top `frac` of a scan, in gray: a smaller page that still has text.
fn top_of(jpeg: &[u8], frac: f32) -> GrayImage {
    let g = image::load_from_memory(jpeg).unwrap().to_luma8();
    let h = (g.height() as f32 * frac) as u32;
    image::imageops::crop_imm(&g, 0, 0, g.width(), h).to_image()
}

fn lab_lines() -> Vec<String> {
    [
        "CHEMISTRY PANEL  Collected 2024-03-14",
        "Glucose 5.6 mmol/L (3.9-5.5) H",
        "Potassium K+ 4.1 mmol/L (3.5-5.1)",
        "HbA1c 7.2 % (4.0-6.0) H",
        "Metformin 500 mg PO BID",
    ]
    .map(String::from)
    .to_vec()
}

fn meta(name: &str) -> NewDocument {
    NewDocument {
        file_name: name.into(),
        ..Default::default()
    }
}

async fn ingest(t: &TestVault, name: &str, bytes: Vec<u8>) -> Outcome {
    t.ingest(meta(name), &bytes).await
}

async fn text_of(t: &TestVault, id: i64) -> (String, Vec<TextSource>) {
    let text = t.vault.document_text(&t.admin, id).await.unwrap();
    (
        text.full_text(),
        text.pages.iter().map(|p| p.source).collect(),
    )
}

#[tokio::test]
async fn a_text_pdf_is_read_from_its_text_layer_without_ocr() {
    let t = new_vault().await;
    let o = ingest(&t, "labs.pdf", pdf(&[SamplePage::Text(lab_lines())])).await;
    assert_eq!(o.status, Status::Done, "{o:?}");
    assert_eq!((o.format, o.pages), (Some("pdf"), 1));
    let (text, sources) = text_of(&t, o.id.unwrap()).await;
    assert_eq!(sources, [TextSource::Layer]);
    for l in lab_lines() {
        assert!(text.contains(&l), "{l:?} missing from {text:?}");
    }
    let info = t.vault.document(&t.admin, o.id.unwrap()).await.unwrap();
    assert_eq!((info.status.as_str(), info.pages), ("done", 1));
    assert!(t.audited("document.ingest", "success").await);
}

#[tokio::test]
async fn a_three_page_scanned_pdf_is_ocrd_page_by_page_with_a_thumbnail() {
    let t = new_vault().await;
    let bytes = pdf(&[
        SamplePage::Jpeg(report_jpeg()),
        SamplePage::Jpeg(lab_jpeg()),
        SamplePage::Gray(top_of(&report_jpeg(), 0.35)),
    ]);
    let o = ingest(&t, "scan.pdf", bytes).await;
    assert_eq!(o.status, Status::Done, "{o:?}");
    assert_eq!(o.pages, 3);
    let id = o.id.unwrap();
    let text = t.vault.document_text(&t.admin, id).await.unwrap();
    assert_eq!(text.pages.len(), 3);
    assert!(text.pages.iter().all(|p| p.source == TextSource::Ocr));
    assert!(
        text.pages[0].text.contains("NERVE CONDUCTION"),
        "{}",
        text.pages[0].text
    );
    assert!(
        text.pages[1].text.contains("Z066808"),
        "{}",
        text.pages[1].text
    );
    assert!(
        text.pages[2].text.contains("ulnar"),
        "{}",
        text.pages[2].text
    );
    // Page images and the thumbnail are sealed, and decrypt to real images.
    let page1 = t
        .vault
        .document_image(&t.admin, id, BlobKind::Page(1))
        .await
        .unwrap();
    assert_eq!(page1, report_jpeg(), "a scanner's JPEG is kept as it came");
    let page3 = t
        .vault
        .document_image(&t.admin, id, BlobKind::Page(3))
        .await
        .unwrap();
    assert_eq!(
        image::load_from_memory(&page3).unwrap().height(),
        top_of(&report_jpeg(), 0.35).height()
    );
    let thumb = t
        .vault
        .document_image(&t.admin, id, BlobKind::Thumbnail)
        .await
        .unwrap();
    let thumb = image::load_from_memory(&thumb).unwrap();
    assert!(thumb.width().max(thumb.height()) <= 320);
}

#[tokio::test]
async fn a_mixed_pdf_ocrs_only_the_pages_without_text() {
    let t = new_vault().await;
    let bytes = pdf(&[
        SamplePage::Text(lab_lines()),
        SamplePage::Gray(top_of(&lab_jpeg(), 0.3)),
    ]);
    let o = ingest(&t, "mixed.pdf", bytes).await;
    assert_eq!(o.status, Status::Done, "{o:?}");
    let (text, sources) = text_of(&t, o.id.unwrap()).await;
    assert_eq!(sources, [TextSource::Layer, TextSource::Ocr]);
    assert!(
        text.contains("HbA1c 7.2 %") && text.contains("Z066808"),
        "{text}"
    );
}

#[tokio::test]
async fn a_multi_page_tiff_and_a_jpeg_are_read() {
    let t = new_vault().await;
    let pages = [top_of(&report_jpeg(), 0.3), top_of(&lab_jpeg(), 0.3)];
    let o = ingest(&t, "fax.tif", tiff(&pages)).await;
    assert_eq!(
        (o.status, o.format, o.pages),
        (Status::Done, Some("tiff"), 2),
        "{o:?}"
    );
    let (text, _) = text_of(&t, o.id.unwrap()).await;
    assert!(
        text.contains("NERVE CONDUCTION") && text.contains("Z066808"),
        "{text}"
    );

    let o = ingest(&t, "photo.jpg", lab_jpeg()).await;
    assert_eq!(
        (o.status, o.format, o.pages),
        (Status::Done, Some("jpeg"), 1),
        "{o:?}"
    );
    let (text, sources) = text_of(&t, o.id.unwrap()).await;
    assert_eq!(sources, [TextSource::Ocr]);
    assert!(text.contains("CLOSTRIDIUM"), "{text}");
}

#[tokio::test]
async fn plain_text_is_taken_as_it_is() {
    let t = new_vault().await;
    let o = ingest(
        &t,
        "note.txt",
        "Follow-up in 2 weeks.\n\u{c}\nPage two".into(),
    )
    .await;
    assert_eq!(
        (o.status, o.format, o.pages),
        (Status::Done, Some("text"), 2),
        "{o:?}"
    );
    let (text, sources) = text_of(&t, o.id.unwrap()).await;
    assert_eq!(sources, [TextSource::Plain, TextSource::Plain]);
    assert!(text.starts_with("Follow-up in 2 weeks."));
}

#[tokio::test]
async fn bad_files_get_a_clear_reason_and_lose_nothing() {
    let t = new_vault().await;
    // Refused before storing: nothing to keep, the source is untouched.
    let o = ingest(&t, "empty.pdf", Vec::new()).await;
    assert_eq!((o.status, o.id), (Status::Failed, None));
    assert!(o.reason.as_deref().unwrap().contains("empty"), "{o:?}");
    let o = ingest(
        &t,
        "invoice.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(),
    )
    .await;
    assert_eq!((o.status, o.id), (Status::Failed, None));
    assert!(
        o.reason.as_deref().unwrap().contains("Windows program"),
        "{o:?}"
    );

    // A damaged PDF is kept, sealed, marked failed with its reason.
    let good = pdf(&[SamplePage::Text(lab_lines())]);
    let corrupt = good[..good.len() / 3].to_vec();
    let o = ingest(&t, "corrupt.pdf", corrupt.clone()).await;
    assert_eq!(o.status, Status::Failed, "{o:?}");
    assert!(
        o.reason.as_deref().unwrap().contains("damaged PDF"),
        "{o:?}"
    );
    let id = o.id.expect("the damaged original is kept");
    let info = t.vault.document(&t.admin, id).await.unwrap();
    assert_eq!(info.status, "failed");
    assert!(info.failure.unwrap().contains("damaged PDF"));
    let mut original = Vec::new();
    t.vault
        .read_document(&t.admin, id, &mut original)
        .await
        .unwrap();
    assert_eq!(original, corrupt, "the user's file is kept byte for byte");
    assert!(t.audited("document.ingest", "failure").await);
    // Adding the same file again retries it (and fails the same way), no second copy.
    let again = ingest(&t, "corrupt.pdf", corrupt).await;
    assert_eq!((again.status, again.id), (Status::Failed, Some(id)));
    assert_eq!(t.vault.list_documents(&t.admin).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_same_content_is_stored_once_and_named() {
    let t = new_vault().await;
    let bytes = pdf(&[SamplePage::Text(lab_lines())]);
    let first = ingest(&t, "a.pdf", bytes.clone()).await;
    let second = ingest(&t, "copy of a.pdf", bytes).await;
    assert_eq!(second.status, Status::Duplicate);
    assert_eq!(second.duplicate_of, first.id);
    assert_eq!(t.vault.list_documents(&t.admin).await.unwrap().len(), 1);
    // After a delete the same file may come back as a new document.
    t.vault
        .delete_document(&t.admin, first.id.unwrap())
        .await
        .unwrap();
    let third = ingest(&t, "a.pdf", pdf(&[SamplePage::Text(lab_lines())])).await;
    assert_eq!(third.status, Status::Done);
    assert_ne!(third.id, first.id);
}

#[tokio::test]
async fn folders_are_walked_and_progress_is_reported() {
    let t = new_vault().await;
    let dir = t.dir.path().join("inbox");
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    std::fs::write(dir.join("a.pdf"), pdf(&[SamplePage::Text(lab_lines())])).unwrap();
    std::fs::write(dir.join("2024/b.txt"), "Discharge summary").unwrap();
    std::fs::write(dir.join("2024/c.exe"), b"MZ\x90\x00").unwrap();
    std::fs::write(dir.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let progress: medvault_core::ingest::Progress = Arc::new(move |e| sink.lock().unwrap().push(e));
    let template = NewDocument {
        tags: vec!["inbox".into()],
        ..Default::default()
    };
    let out = t
        .pipeline
        .ingest(
            &t.vault,
            &t.admin,
            std::slice::from_ref(&dir),
            &template,
            progress,
        )
        .await
        .unwrap();
    let summary: Vec<(String, Status)> = out
        .iter()
        .map(|o| {
            let p = o.path.as_ref().unwrap().strip_prefix(&dir).unwrap();
            (p.display().to_string(), o.status)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("2024/b.txt".to_string(), Status::Done),
            ("2024/c.exe".to_string(), Status::Failed),
            ("a.pdf".to_string(), Status::Done),
        ]
    );
    let events = events.lock().unwrap().clone();
    assert!(matches!(events[0], Event::Queued { total: 3 }));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Step {
            step: Step::Text,
            ..
        }
    )));
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Finished(_)))
            .count(),
        3
    );
    let docs = t.vault.list_documents(&t.admin).await.unwrap();
    assert!(docs
        .iter()
        .all(|(_, d)| d.as_ref().unwrap().meta.tags == ["inbox"]));
    // The sources are only read.
    assert!(dir.join("a.pdf").exists() && dir.join("2024/c.exe").exists());
}

#[tokio::test]
async fn a_document_stopped_between_steps_resumes_in_a_new_pipeline() {
    let t = new_vault().await;
    // What a crash right after the original was committed leaves behind.
    let stored = t
        .vault
        .store_original(
            &t.admin,
            meta("late.pdf"),
            medvault_core::ingest::Format::Pdf,
            Arc::new(pdf(&[SamplePage::Text(lab_lines())])),
        )
        .await
        .unwrap();
    let medvault_core::vault::Stored::New(id) = stored else {
        panic!("{stored:?}")
    };
    assert_eq!(
        t.vault.document(&t.admin, id).await.unwrap().status,
        "stored"
    );
    let fresh = Pipeline::new(PipelineOptions::default());
    let out = fresh.resume(&t.vault, &t.admin, quiet()).await.unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!((out[0].id, out[0].status), (Some(id), Status::Done));
    let (text, _) = text_of(&t, id).await;
    assert!(text.contains("Glucose 5.6 mmol/L"));
    // Nothing left to resume.
    assert!(fresh
        .resume(&t.vault, &t.admin, quiet())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_viewer_cannot_ingest() {
    let t = new_vault().await;
    let viewer = t.user("vic", medvault_core::Role::Viewer).await;
    let o = t
        .pipeline
        .ingest_bytes(
            &t.vault,
            &viewer,
            None,
            meta("x.txt"),
            b"hello".to_vec(),
            &quiet(),
        )
        .await;
    assert_eq!(o.status, Status::Failed);
    assert!(
        o.reason.unwrap().contains("not allowed"),
        "refused by the core"
    );
    assert!(t.audited("document.create", "denied").await);
}
