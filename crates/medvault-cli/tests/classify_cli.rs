//! `classify`, `eval classify` and `train classify` as a script drives them.

use std::path::Path;
use std::process::Command;

fn medvault(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_medvault"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture_text(id: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../medvault-core/tests/fixtures/ocr")
        .join(format!("{id}.gt.txt"));
    std::fs::read_to_string(p).unwrap()
}

fn jsonl(path: &Path, rows: &[serde_json::Value]) {
    let body: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, body).unwrap();
}

#[test]
fn classify_reads_jsonl_and_writes_one_line_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    jsonl(
        &input,
        &[
            serde_json::json!({"id": "a", "text": fixture_text("fhir-labtext-1108")}),
            serde_json::json!({"id": 7, "text": fixture_text("mtsamples-1127")}),
        ],
    );
    let (code, out, err) = medvault(&["classify", "--jsonl", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["doc_type"], "lab_result_report");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[1]["doc_type"], "diagnostic_test_report");
    let c = lines[0]["confidence"].as_f64().unwrap();
    assert!(c > 0.0 && c <= 1.0);

    let (code, _, err) = medvault(&["classify", "--jsonl", "/nonexistent.jsonl"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn train_and_eval_work_on_any_labelled_file() {
    let dir = tempfile::tempdir().unwrap();
    let row = |t: &str, y: &str| serde_json::json!({"text": t, "doc_type": y});
    let mut train = Vec::new();
    for i in 0..6 {
        train.push(row(
            &format!("Sodium {i} mmol/L potassium chloride panel"),
            "lab",
        ));
        train.push(row(
            &format!("Dear Dr Smith, thank you for referring patient {i}"),
            "letter",
        ));
    }
    let (a, b) = (
        dir.path().join("train.jsonl"),
        dir.path().join("test.jsonl"),
    );
    jsonl(&a, &train);
    jsonl(
        &b,
        &[
            row("potassium 4.1 mmol/L", "lab"),
            row("Dear Dr Jones, thank you", "letter"),
        ],
    );
    let (code, out, err) = medvault(&[
        "eval",
        "classify",
        "--train",
        a.to_str().unwrap(),
        "--test",
        b.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("macro-F1 1.000"), "{out}");
    assert!(out.contains("letter"), "{out}");

    let model = dir.path().join("m.mvc");
    let (code, _, err) = medvault(&[
        "train",
        "classify",
        "--corpus",
        a.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = medvault(&[
        "classify",
        "--jsonl",
        b.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().contains("\"lab\""), "{out}");
}

#[test]
fn eval_learn_teaches_a_type_the_model_never_saw() {
    let dir = tempfile::tempdir().unwrap();
    let row = |t: String, y: &str| serde_json::json!({"text": t, "doc_type": y});
    let mut rows = Vec::new();
    for i in 0..10 {
        rows.push(row(
            format!("Sodium {i} mmol/L potassium chloride panel"),
            "lab",
        ));
        rows.push(row(
            format!("Dear Dr Smith, thank you for referring patient {i}"),
            "letter",
        ));
        rows.push(row(
            format!("DENTAL CHART: tooth {i} occlusal caries, composite placed"),
            "dental",
        ));
    }
    let corpus = dir.path().join("corpus.jsonl");
    jsonl(&corpus, &rows);
    let c = corpus.to_str().unwrap();
    let (code, out, err) = medvault(&[
        "eval",
        "learn",
        "--corpus",
        c,
        "--new-type",
        "dental",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    let f1 = |e: &serde_json::Value| {
        e["per_type"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["doc_type"] == "dental")
            .unwrap()["f1"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(f1(&run["untouched"]), 0.0, "{out}");
    assert!(f1(&run["taught"]) >= 0.8, "{out}");
    assert!(run["corrections"].as_u64().unwrap() >= 1, "{out}");

    let (code, _, err) = medvault(&["eval", "learn", "--corpus", c, "--new-type", "memo"]);
    assert_eq!(code, 1);
    assert!(err.contains("no document of type memo"), "{err}");
}

#[test]
fn extract_prints_dates_with_roles_and_patients_from_text_a_pdf_or_stdin() {
    let (code, out, err) = medvault(&[
        "extract",
        "--text",
        "Patient: LEE, ANN\nDOB: 01/02/1950\nDate of Service: 03/14/2024\nSeen again March 21, 2024.",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["patients"], serde_json::json!(["Ann Lee"]));
    assert_eq!(
        v["dates"],
        serde_json::json!([
            {"iso": "1950-01-02", "role": "birth"},
            {"iso": "2024-03-14", "role": "service"},
            {"iso": "2024-03-21", "role": "other"}
        ])
    );
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("a.pdf");
    std::fs::write(
        &pdf,
        medvault_core::samples::pdf(&[medvault_core::samples::SamplePage::Text(vec![
            "Patient Name: Bo Novak".into(),
            "Collected: 2023-11-05".into(),
        ])]),
    )
    .unwrap();
    let (code, out, err) = medvault(&["extract", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["patients"][0], "Bo Novak");
    assert_eq!(v["dates"][0]["role"], "collected");
    // A date that reads both ways, in either order.
    let (_, out, _) = medvault(&["extract", "--text", "Collected 05/04/2012"]);
    assert!(out.contains("2012-05-04"), "{out}");
    let (code, out, err) = medvault(&[
        "extract",
        "--date-order",
        "day-first",
        "--text",
        "Collected 05/04/2012",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2012-04-05"), "{out}");
    let jpg = dir.path().join("x.jpg");
    std::fs::write(&jpg, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).unwrap();
    let (code, _, err) = medvault(&["extract", jpg.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("medvault ocr"), "{err}");
}

#[test]
fn extract_prints_every_kind_and_eval_extract_scores_the_labelled_set() {
    let (code, out, err) = medvault(&[
        "extract",
        "--text",
        "MRN: 00412345  Phone (555) 123-4567\nDIAGNOSIS: E11.9\nSeen by Dr. Jane Smith.\n\
         MEDICATIONS: metformin 500 mg p.o. b.i.d.\nPotassium   5.8  H  mmol/L ( 3.5-5.5 )\n",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["mrns"], serde_json::json!(["00412345"]));
    assert_eq!(v["phones"], serde_json::json!(["555-123-4567"]));
    assert_eq!(v["icd10"], serde_json::json!(["E11.9"]));
    assert_eq!(v["providers"], serde_json::json!(["Jane Smith"]));
    assert_eq!(
        v["medications"][0],
        serde_json::json!({"name": "metformin", "dose": "500 mg", "route": "p.o.", "frequency": "b.i.d."})
    );
    assert_eq!(
        v["labs"][0],
        serde_json::json!({"analyte": "Potassium", "value": "5.8", "unit": "mmol/L", "range": "3.5-5.5", "flag": "H"})
    );

    let labels = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../medvault-core/tests/fixtures/entities/labelled.jsonl");
    let (code, out, err) = medvault(&[
        "eval",
        "extract",
        "--labels",
        labels.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["documents"], 50);
    assert_eq!(v["kinds"]["labs"]["labelled"], 180);
    assert!(v["overall"]["precision"].as_f64().unwrap() >= 0.9, "{out}");
    let (code, _, err) = medvault(&["eval", "extract", "--labels", "/nonexistent.jsonl"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read /nonexistent.jsonl"), "{err}");
}
