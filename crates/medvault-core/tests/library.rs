//! The library through a real vault: pages in every order, filters in the
//! query language, the review, processing and failed shelves, edits and
//! deletes reflected at once, the listing audited, thumbnails guarded.

mod common;

use common::{new_vault, TestVault};
use medvault_core::samples::{pdf, SamplePage};
use medvault_core::search::SortBy;
use medvault_core::vault::{LibraryPage, LibraryQuery, NewDocument, Shelf};
use medvault_core::Role;

/// Document `i`: its own date in 2020 + i/4, a title, a tag for even ones.
fn text(i: usize) -> String {
    format!(
        "VISIT NOTE {i}\nDate of Service: 03/{:02}/{}\nPatient seen for follow-up number {i}.\n",
        1 + i % 28,
        2020 + i / 4
    )
}

async fn fixture(n: usize) -> (TestVault, Vec<i64>) {
    let t = new_vault().await;
    let mut ids = Vec::new();
    for i in 0..n {
        let tags: &[&str] = if i % 2 == 0 { &["even"] } else { &[] };
        // Titles in an order of their own: "Note z", "Note y", …
        let title = format!("Note {}", (b'z' - i as u8) as char);
        ids.push(
            t.doc(text(i).as_bytes(), &format!("n{i}.txt"), &title, tags)
                .await,
        );
    }
    (t, ids)
}

async fn page(t: &TestVault, q: LibraryQuery) -> LibraryPage {
    t.vault.library(&t.admin, &q).await.unwrap()
}

fn q(sort: SortBy, descending: bool, offset: usize, limit: usize) -> LibraryQuery {
    LibraryQuery {
        sort,
        descending,
        offset,
        limit,
        ..Default::default()
    }
}

fn ids(p: &LibraryPage) -> Vec<i64> {
    p.rows.iter().map(|r| r.id).collect()
}

#[tokio::test]
async fn pages_come_in_every_order_and_cover_the_library_once() {
    let (t, all) = fixture(12).await;

    // Newest first, three pages of five: every document once, in id order.
    let mut seen = Vec::new();
    for off in [0, 5, 10] {
        let p = page(&t, q(SortBy::Added, true, off, 5)).await;
        assert_eq!(p.total, 12);
        seen.extend(ids(&p));
    }
    let mut newest_first = all.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);
    assert_eq!(
        ids(&page(&t, q(SortBy::Added, false, 0, 3)).await),
        all[..3]
    );

    // By title: "Note z" is document 0, so ascending titles run backwards.
    let p = page(&t, q(SortBy::Title, false, 0, 12)).await;
    assert_eq!(ids(&p), newest_first);
    let titles: Vec<String> = p
        .rows
        .iter()
        .map(|r| r.info.as_ref().unwrap().meta.title.clone().unwrap())
        .collect();
    assert_eq!(titles[0], "Note o");

    // By the document's own date (read from its text), oldest first.
    let p = page(&t, q(SortBy::Date, false, 0, 12)).await;
    let dates: Vec<i64> = p.rows.iter().map(|r| r.date.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(
        dates[0],
        medvault_core::time::date_ms(2020, 3, 1).unwrap(),
        "document 0's date of service"
    );
    let p = page(&t, q(SortBy::Date, true, 0, 1)).await;
    assert_eq!(ids(&p), [all[11]]);
    assert_eq!(p.by_year.get(&2022), Some(&4));
}

#[tokio::test]
async fn filters_use_the_query_language_and_edits_show_at_once() {
    let (t, all) = fixture(8).await;
    let filtered = |f: &str| LibraryQuery {
        filter: f.into(),
        ..q(SortBy::Added, false, 0, 50)
    };
    assert_eq!(
        ids(&page(&t, filtered("tag:even")).await),
        [all[0], all[2], all[4], all[6]]
    );
    assert_eq!(ids(&page(&t, filtered("date:2021")).await), all[4..8]);
    assert_eq!(
        ids(&page(&t, filtered("tag:even date:2021")).await),
        [all[4], all[6]]
    );
    assert_eq!(
        ids(&page(&t, filtered("\"follow-up number 3\"")).await),
        [all[3]]
    );

    // A type of the user's own, so no prediction shares it.
    t.vault
        .add_document_type(&t.admin, "school_form")
        .await
        .unwrap();
    t.vault
        .set_document_type(&t.admin, all[1], "school_form")
        .await
        .unwrap();
    let p = page(&t, filtered("type:school_form")).await;
    assert_eq!(ids(&p), [all[1]]);
    assert_eq!(p.by_type.get("school_form"), Some(&1));

    t.vault.delete_document(&t.admin, all[0]).await.unwrap();
    let p = page(&t, filtered("")).await;
    assert_eq!(p.total, 7);
    assert!(!ids(&p).contains(&all[0]));

    let e = t
        .vault
        .library(&t.admin, &filtered("(tag:even"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains(')'), "says what to fix: {e}");
    let e = t
        .vault
        .library(&t.admin, &q(SortBy::Added, true, 0, 0))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("1 to 500"), "{e}");
}

#[tokio::test]
async fn review_and_failed_shelves() {
    let t = new_vault().await;
    // A short note the classifier cannot be sure of, and one it can.
    let unsure = t.doc(b"misc words here", "u.txt", "Unsure", &[]).await;
    let lab = t
        .doc(
            b"LABORATORY REPORT\nSpecimen collected 03/05/2024. Glucose 5.6 mg/dL \
              reference 70-99. Potassium 3.1 mmol/L L. Sodium 140 mmol/L. Creatinine 0.9 mg/dL.\n",
            "lab.txt",
            "Lab",
            &[],
        )
        .await;
    let mut flagged = Vec::new();
    for id in [unsure, lab] {
        if t.vault.document(&t.admin, id).await.unwrap().needs_review {
            flagged.push(id);
        }
    }
    assert!(flagged.contains(&unsure), "a few stray words need review");
    let review = LibraryQuery {
        shelf: Shelf::Review,
        ..q(SortBy::Added, false, 0, 10)
    };
    assert_eq!(ids(&page(&t, review.clone()).await), flagged);
    // A filter narrows the shelf: a word only the unsure note holds, then
    // one it lacks.
    let narrowed = |filter: &str| LibraryQuery {
        filter: filter.into(),
        ..review.clone()
    };
    assert_eq!(ids(&page(&t, narrowed("misc")).await), [unsure]);
    assert!(ids(&page(&t, narrowed("potassium")).await)
        .iter()
        .all(|id| *id == lab));

    // A damaged PDF goes to the failed shelf with its reason.
    let good = pdf(&[SamplePage::Text(vec!["Glucose 5.6".into()])]);
    let o = t
        .ingest(
            NewDocument::named_after("bad.pdf".as_ref()),
            &good[..good.len() / 3],
        )
        .await;
    let bad = o.id.unwrap();
    let failed = LibraryQuery {
        shelf: Shelf::Failed,
        ..q(SortBy::Added, true, 0, 10)
    };
    let p = page(&t, failed).await;
    assert_eq!((p.total, p.failed, p.processing), (1, 1, 0));
    assert_eq!(ids(&p), [bad]);
    let info = p.rows[0].info.as_ref().unwrap();
    assert!(
        info.failure.as_deref().unwrap().contains("damaged PDF"),
        "{info:?}"
    );
    let ready = page(&t, q(SortBy::Added, true, 0, 10)).await;
    assert_eq!(
        (ready.total, ready.failed),
        (2, 1),
        "failed documents are not on the ready shelf"
    );

    // Correcting the type takes a document off the review shelf.
    if let Some(id) = flagged.first() {
        t.vault
            .set_document_type(&t.admin, *id, "letter")
            .await
            .unwrap();
        assert!(!ids(&page(&t, review).await).contains(id));
    }
}

#[tokio::test]
async fn listing_is_audited_with_the_documents_shown_and_thumbnails_are_guarded() {
    let (t, all) = fixture(3).await;
    page(&t, q(SortBy::Added, true, 0, 2)).await;
    let rows = t
        .vault
        .audit_entries(&t.admin, &Default::default())
        .await
        .unwrap();
    let last = rows
        .iter()
        .rev()
        .find(|e| e.action == "document.list")
        .unwrap();
    let details = serde_json::to_string(&last.details).unwrap();
    assert!(
        details.contains(&format!("[{},{}]", all[2], all[1])),
        "{details}"
    );

    // A text document has no thumbnail; the error says so.
    let e = t.vault.thumbnail(&t.admin, all[0]).await.unwrap_err();
    assert!(e.to_string().contains("no thumbnail"), "{e}");
    // A signed-out session gets nothing.
    let viewer = t.user("vera", Role::Viewer).await;
    t.vault.logout(&viewer).await.unwrap();
    assert!(t.vault.thumbnail(&viewer, all[0]).await.is_err());
    assert!(t
        .vault
        .library(&viewer, &q(SortBy::Added, true, 0, 2))
        .await
        .is_err());
}

/// The first change to the index after the vault is reopened is a removal
/// (a purge): it must reach the library and search (it once waited for the
/// next commit, because tantivy stamps that change like the commit it opened).
#[tokio::test]
async fn a_purge_right_after_reopening_leaves_library_and_search() {
    let t = new_vault().await;
    let old = t
        .doc(
            b"Referral letter from 2012 to orthopaedics",
            "old.txt",
            "Old",
            &[],
        )
        .await;
    t.doc(
        b"Care plan: physiotherapy twice weekly",
        "plan.txt",
        "Plan",
        &[],
    )
    .await;
    t.vault.set_retention(&t.admin, old, Some(1)).await.unwrap();
    let (paths, _dir) = (t.paths.clone(), t.dir);
    t.vault.close().await;

    let vault = medvault_core::Vault::open(&paths).await.unwrap();
    let admin = vault.login("admin", common::ADMIN_PW).await.unwrap();
    let all = q(SortBy::Added, true, 0, 100);
    assert_eq!(vault.library(&admin, &all).await.unwrap().total, 2);
    let now = medvault_core::store::now_ms();
    let r = vault.purge_due(&admin, &[old], now).await.unwrap();
    assert_eq!(r.purged, [old]);
    let p = vault.library(&admin, &all).await.unwrap();
    assert_eq!((p.total, p.rows.len()), (1, 1));
    let found = vault.search(&admin, "orthopaedics", 10).await.unwrap();
    assert_eq!(found.total, 0);
}
