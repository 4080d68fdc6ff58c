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

/// The page's skew, as the rise in pixels per pixel to the right: the median
/// over segments of several words of the slope from the first word's centre
/// to the last's. A scanned page is rarely square, and across a lab table
/// a tilt of one degree lowers the range column by most of a row.
fn skew(lines: &[OcrLine]) -> f32 {
    let centre = |b: [f32; 4]| ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let mut slopes: Vec<f32> = lines
        .iter()
        .filter_map(|l| {
            let ((x0, y0), (x1, y1)) =
                (centre(l.words.first()?.bbox), centre(l.words.last()?.bbox));
            let height = l.words[0].bbox[3] - l.words[0].bbox[1];
            (x1 - x0 > 4.0 * height).then(|| (y1 - y0) / (x1 - x0))
        })
        .collect();
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.sort_by(f32::total_cmp);
    slopes[slopes.len() / 2]
}

/// Regroups `lines` (ocrs's segments) into rows, top to bottom, left to
/// right: segments whose vertical centres fall within a row's extent and that
/// do not overlap horizontally are the cells of one row. Heights are taken
/// as if the page were square (the skew undone at each segment's centre).
/// Full-width prose lines, even skewed ones, never share a row, so prose is
/// left as it was.
pub fn rebuild_rows(lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let slope = skew(&lines);
    // Each segment with its top and bottom, levelled.
    let mut levelled: Vec<([f32; 2], OcrLine)> = lines
        .into_iter()
        .map(|l| {
            let drop = slope * (l.bbox[0] + l.bbox[2]) / 2.0;
            ([l.bbox[1] - drop, l.bbox[3] - drop], l)
        })
        .collect();
    let mid = |v: &[f32; 2]| (v[0] + v[1]) / 2.0;
    levelled.sort_by(|a, b| mid(&a.0).total_cmp(&mid(&b.0)));
    let mut rows: Vec<Vec<([f32; 2], OcrLine)>> = Vec::new();
    for (level, seg) in levelled {
        let c = mid(&level);
        let fits = |row: &Vec<([f32; 2], OcrLine)>| {
            let n = row.len() as f32;
            let top = row.iter().map(|(v, _)| v[0]).sum::<f32>() / n;
            let bottom = row.iter().map(|(v, _)| v[1]).sum::<f32>() / n;
            c >= top
                && c <= bottom
                && row
                    .iter()
                    .all(|(_, l)| seg.bbox[2] <= l.bbox[0] || seg.bbox[0] >= l.bbox[2])
        };
        // Only the last few rows can be at this height (segments come sorted).
        let start = rows.len().saturating_sub(3);
        match rows[start..].iter().position(fits) {
            Some(i) => rows[start + i].push((level, seg)),
            None => rows.push(vec![(level, seg)]),
        }
    }
    rows.into_iter()
        .map(|row| {
            let mut row: Vec<OcrLine> = row.into_iter().map(|(_, l)| l).collect();
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
            confidence: 1.0,
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

    #[test]
    fn a_tilted_tables_columns_stay_in_their_rows() {
        // Tilted by 1 in 20: the range column, 400 px to the right, sits 20 px
        // lower than its analyte, nearer the next row's analyte.
        let tilt = |x: f32, y: f32| y + x / 20.0;
        let mut lines = Vec::new();
        for (i, (name, value, range)) in [("Hb", "130", "115-150"), ("WCC", "6.0", "4.0-11.0")]
            .into_iter()
            .enumerate()
        {
            let y = 100.0 + 26.0 * i as f32;
            lines.push(line(vec![w(name, 0.0, tilt(0.0, y))]));
            lines.push(line(vec![w(value, 200.0, tilt(200.0, y))]));
            lines.push(line(vec![w(range, 400.0, tilt(400.0, y))]));
        }
        // A title line of several words gives the tilt.
        lines.push(line(vec![
            w("Full", 0.0, tilt(0.0, 50.0)),
            w("Blood", 100.0, tilt(100.0, 50.0)),
            w("Count", 200.0, tilt(200.0, 50.0)),
        ]));
        let rows: Vec<String> = rebuild_rows(lines).into_iter().map(|l| l.text).collect();
        assert_eq!(
            rows,
            vec!["Full Blood Count", "Hb 130 115-150", "WCC 6.0 4.0-11.0"]
        );
    }
}
