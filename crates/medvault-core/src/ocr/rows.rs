//! Rebuilding table rows from word boxes. ocrs's layout analysis groups words
//! into column blocks, so a lab table comes out as a column of analytes, then
//! a column of values, and so on. Here words are regrouped into rows by their
//! vertical position and read left to right, so analyte, value, unit, range
//! and flag stay on one line; single-character words (H and L flags) and
//! hyphens in ranges are kept as they are.

use super::OcrLine;
#[cfg(test)]
use super::OcrWord;

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// Regroups `lines` (ocrs's segments) into rows, top to bottom, left to
/// right: segments whose vertical centres fall within a row's extent and that
/// do not overlap horizontally are the cells of one row. Full-width prose
/// lines, even skewed ones, never share a row, so prose is left as it was.
pub fn rebuild_rows(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let mid = |l: &OcrLine| (l.bbox[1] + l.bbox[3]) / 2.0;
    lines.sort_by(|a, b| mid(a).total_cmp(&mid(b)));
    let mut rows: Vec<Vec<OcrLine>> = Vec::new();
    for seg in lines {
        let c = mid(&seg);
        let fits = |row: &Vec<OcrLine>| {
            let n = row.len() as f32;
            let top = row.iter().map(|l| l.bbox[1]).sum::<f32>() / n;
            let bottom = row.iter().map(|l| l.bbox[3]).sum::<f32>() / n;
            c >= top
                && c <= bottom
                && row
                    .iter()
                    .all(|l| seg.bbox[2] <= l.bbox[0] || seg.bbox[0] >= l.bbox[2])
        };
        // Only the last few rows can be at this height (segments come sorted).
        let start = rows.len().saturating_sub(3);
        match rows[start..].iter().position(fits) {
            Some(i) => rows[start + i].push(seg),
            None => rows.push(vec![seg]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            if row.len() == 1 {
                return row.pop().expect("one segment");
            }
            row.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
            OcrLine {
                text: row
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                bbox: row
                    .iter()
                    .map(|l| l.bbox)
                    .reduce(union)
                    .expect("a row has segments"),
                words: row.into_iter().flat_map(|l| l.words).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x: f32, y: f32) -> OcrWord {
        OcrWord {
            text: text.into(),
            bbox: [x, y, x + 10.0 * text.len() as f32, y + 20.0],
        }
    }

    fn line(words: Vec<OcrWord>) -> OcrLine {
        OcrLine {
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            bbox: words.iter().map(|w| w.bbox).reduce(union).unwrap(),
            words,
        }
    }

    #[test]
    fn column_blocks_become_rows() {
        // ocrs gives the analyte column, then the values, then flags.
        let lines = vec![
            line(vec![w("Sodium", 0.0, 100.0)]),
            line(vec![w("Potassium", 0.0, 130.0)]),
            line(vec![w("140", 200.0, 101.0), w("mmol/L", 260.0, 101.0)]),
            line(vec![w("5.6", 200.0, 129.0), w("mmol/L", 260.0, 129.0)]),
            line(vec![w("3.5-5.2", 360.0, 131.0)]),
            line(vec![w("H", 460.0, 130.0)]),
        ];
        let rows: Vec<String> = rebuild_rows(lines).into_iter().map(|l| l.text).collect();
        assert_eq!(
            rows,
            vec!["Sodium 140 mmol/L", "Potassium 5.6 mmol/L 3.5-5.2 H"]
        );
    }

    #[test]
    fn prose_lines_stay_as_they_are_even_when_skewed() {
        let lines = vec![
            // A skewed line whose right end sinks to the height of the next one.
            line(vec![
                w("The", 0.0, 0.0),
                w("patient", 40.0, 8.0),
                w("is", 120.0, 16.0),
            ]),
            line(vec![w("well.", 0.0, 22.0)]),
        ];
        let rows: Vec<String> = rebuild_rows(lines).into_iter().map(|l| l.text).collect();
        assert_eq!(rows, vec!["The patient is", "well."]);
        assert!(rebuild_rows(Vec::new()).is_empty());
    }
}
