//! The report's coverage picture: one inline SVG, tables × the 24 months of the closing and the
//! new year, each cell coloured by how the month's days are held (`coverage::months`). Past 200
//! tables, one row per schema (its worst month) that opens into that schema's own grid.

use crate::coverage::months::{days_in, ADDED, BLOCKED, CATCH_ALL, EXISTED, MISSING};
use crate::evidence::tables::TableRow;

/// A table's name, its 24 cells, when known its days per month (before, added), and per cell
/// the run of this rollover that added it (0: none).
type Row<'a> = (&'a str, &'a str, &'a [(u8, u8)], &'a [usize]);

/// Beyond this many tables the picture is grouped by schema.
const GROUP_ABOVE: usize = 200;
const CELL: usize = 12;
const LABEL: usize = 190;
const YEAR_GAP: usize = 8;
const HEADER: usize = 30;

/// (cell letter, colour, zh-CN name), worst last.
const STATES: [(char, &str, &str); 5] = [
    (EXISTED, "#8fb3d9", "原有分区"),
    (ADDED, "#2e9e4f", "本次新增"),
    (CATCH_ALL, "#f0b429", "仅落入兜底分区"),
    (BLOCKED, "#7b3fa0", "受阻未建"),
    (MISSING, "#d64545", "缺失（写入将失败）"),
];

fn state(c: char) -> (&'static str, &'static str) {
    STATES
        .iter()
        .find(|(l, _, _)| *l == c)
        .map(|(_, colour, name)| (*colour, *name))
        .unwrap_or(("#dddddd", "未知"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The picture for one partitions step's tables (those whose months were read), as HTML.
pub fn grid(tables: &[TableRow], year: i32) -> String {
    let rows: Vec<Row> = tables
        .iter()
        .filter(|t| t.months.chars().count() == 24)
        .map(|t| {
            (
                t.table.as_str(),
                t.months.as_str(),
                t.month_days.as_slice(),
                t.cell_runs.as_slice(),
            )
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut html = legend();
    if rows.len() <= GROUP_ABOVE {
        html.push_str(&svg(&rows, year, "coverage-grid", false));
        return html;
    }
    let mut schemas: Vec<(&str, Vec<Row>)> = Vec::new();
    for row in rows {
        let schema = row.0.split('.').next().unwrap_or(row.0);
        match schemas.iter_mut().find(|(s, _)| *s == schema) {
            Some((_, v)) => v.push(row),
            None => schemas.push((schema, vec![row])),
        }
    }
    for (schema, tables) in &schemas {
        let worst = worst_months(tables);
        let label = format!("{schema}（{} 张表）", tables.len());
        html.push_str(&format!(
            "<details class=\"schema\"><summary>{}</summary>{}</details>\n",
            svg(
                &[(label.as_str(), worst.as_str(), &[], &[])],
                year,
                "coverage-schema",
                false
            ),
            svg(tables, year, "coverage-grid", true)
        ));
    }
    html
}

/// Per month, the worst state among a schema's tables.
fn worst_months(tables: &[Row]) -> String {
    let rank = |c: char| STATES.iter().position(|(l, _, _)| *l == c).unwrap_or(0);
    (0..24)
        .map(|i| {
            tables
                .iter()
                .filter_map(|(_, cells, _, _)| cells.chars().nth(i))
                .max_by_key(|c| rank(*c))
                .unwrap_or(EXISTED)
        })
        .collect()
}

fn legend() -> String {
    let items: Vec<String> = STATES
        .iter()
        .map(|(_, colour, name)| {
            format!("<span class=\"key\"><i style=\"background:{colour}\"></i>{name}</span>")
        })
        .collect();
    format!("<p class=\"legend\">{}</p>\n", items.join(" "))
}

/// The picture of `rows`. Compact (past [`GROUP_ABOVE`] tables): each row's cells share one
/// tooltip that names its months by state, and the cells take their size and colour from the
/// picture's own style — a 300-table report stays under a megabyte.
fn svg(rows: &[Row], year: i32, class: &str, compact: bool) -> String {
    let width = LABEL + 24 * CELL + YEAR_GAP;
    let height = HEADER + rows.len() * CELL + 4;
    let mut s = format!(
        "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" style=\"max-width:{width}px\" role=\"img\" aria-label=\"分区覆盖图\" font-size=\"10\">\n"
    );
    if compact {
        let fills: String = STATES
            .iter()
            .map(|(c, colour, _)| format!("rect[data-state=\"{c}\"]{{fill:{colour}}}"))
            .collect();
        let size = CELL - 2;
        s.push_str(&format!(
            "<style>rect.cell{{width:{size}px;height:{size}px}}{fills}</style>\n"
        ));
    }
    for (k, y) in [(0, year - 1), (12, year)] {
        s.push_str(&format!("<text x=\"{}\" y=\"11\">{y} 年</text>", x_of(k)));
    }
    for i in 0..24 {
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"8\">{}</text>",
            x_of(i) + 1,
            HEADER - 4,
            i % 12 + 1
        ));
    }
    s.push('\n');
    for (r, row) in rows.iter().enumerate() {
        s.push_str(&svg_row(row, HEADER + r * CELL, year, compact));
    }
    s.push_str("</svg>\n");
    s
}

fn x_of(i: usize) -> usize {
    LABEL + i * CELL + if i >= 12 { YEAR_GAP } else { 0 }
}

/// What a cell says: its state, the run that added it, and for a daily table its days.
fn cell_text(c: char, i: usize, year: i32, days: &[(u8, u8)], runs: &[usize]) -> String {
    let (_, what) = state(c);
    let what = match runs.get(i).filter(|r| **r > 0) {
        Some(run) => format!("{what}（第 {run} 次运行）"),
        None => what.to_string(),
    };
    let (y_of, m) = (if i < 12 { year - 1 } else { year }, i as u32 % 12 + 1);
    let held = days
        .get(i)
        .map(|(old, new)| {
            let total = days_in(y_of, m);
            match new {
                0 => format!("（{old}/{total} 天）"),
                n => format!("（原有 {old} 天，新增 {n} 天，共 {total} 天）"),
            }
        })
        .unwrap_or_default();
    format!("{what}{held}")
}

fn month_of(i: usize, year: i32) -> String {
    let y = if i < 12 { year - 1 } else { year };
    format!("{y}-{:02}", i % 12 + 1)
}

fn svg_row((name, cells, days, runs): &Row, y: usize, year: i32, compact: bool) -> String {
    let shown: String = if name.chars().count() > 30 {
        name.chars().take(29).chain(['…']).collect()
    } else {
        name.to_string()
    };
    let mut s = format!(
        "<text x=\"0\" y=\"{}\"><title>{}</title>{}</text>",
        y + CELL - 2,
        escape(name),
        escape(&shown)
    );
    let texts: Vec<String> = cells
        .chars()
        .enumerate()
        .map(|(i, c)| cell_text(c, i, year, days, runs))
        .collect();
    if compact {
        // One tooltip for the row: its months, run by run of the same state.
        let mut spans: Vec<String> = Vec::new();
        let mut start = 0;
        for i in 1..=texts.len() {
            if i == texts.len() || texts[i] != texts[start] {
                let months = match i - 1 == start {
                    true => month_of(start, year),
                    false => format!("{} … {}", month_of(start, year), month_of(i - 1, year)),
                };
                spans.push(format!("{months} {}", texts[start]));
                start = i;
            }
        }
        s.push_str(&format!(
            "<g><title>{}：{}</title>",
            escape(name),
            escape(&spans.join("；"))
        ));
        for (i, c) in cells.chars().enumerate() {
            s.push_str(&format!(
                "<rect class=\"cell\" data-state=\"{c}\" x=\"{}\" y=\"{y}\"/>",
                x_of(i)
            ));
        }
        s.push_str("</g>\n");
        return s;
    }
    for (i, c) in cells.chars().enumerate() {
        let (colour, _) = state(c);
        s.push_str(&format!(
            "<rect class=\"cell\" data-state=\"{c}\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{} {}：{}</title></rect>",
            x_of(i),
            CELL - 2,
            CELL - 2,
            escape(name),
            month_of(i, year),
            escape(&texts[i])
        ));
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(table: &str, months: &str) -> TableRow {
        TableRow {
            table: table.into(),
            months: months.into(),
            ..TableRow::default()
        }
    }

    #[test]
    fn one_cell_per_table_month_and_names_escaped() {
        let tables = [
            row("einv.bill", "EEEEEEEEEEEEAAAAAAAAAAAA"),
            row("einv.<x>", "EEEEEEEEEEEETTTTTTTTTTTT"),
            row("einv.heap", ""),
        ];
        let html = grid(&tables, 2027);
        assert_eq!(html.matches("<rect class=\"cell\"").count(), 48);
        assert!(
            html.contains("einv.&lt;x&gt; 2027-05：仅落入兜底分区"),
            "{html}"
        );
        assert!(html.contains("einv.bill 2026-12：原有分区"));
        assert!(!html.contains("<x>"));
        assert!(grid(&[row("einv.heap", "")], 2027).is_empty());
    }

    #[test]
    fn past_two_hundred_tables_one_row_per_schema_opens_into_its_tables() {
        let mut tables: Vec<TableRow> = (0..150)
            .map(|i| row(&format!("a.t{i}"), "EEEEEEEEEEEEAAAAAAAAAAAA"))
            .collect();
        tables.extend((0..60).map(|i| row(&format!("b.t{i}"), "EEEEEEEEEEEEAAAAAAAAAAAA")));
        tables.push(row("b.late", "EEEEEEEEEEEEEEEEEEEEEMMM"));
        let html = grid(&tables, 2027);
        assert_eq!(html.matches("<details").count(), 2);
        assert!(html.contains("b（61 张表）"));
        assert_eq!(html.matches("class=\"coverage-schema\"").count(), 2);
        // The schema row shows b's worst months: December missing.
        assert!(
            html.contains("b（61 张表） 2027-12：缺失（写入将失败）"),
            "schema row"
        );
        assert_eq!(
            html.matches("<rect class=\"cell\"").count(),
            211 * 24 + 2 * 24
        );
    }

    #[test]
    fn a_daily_tables_cells_say_their_days() {
        let mut r = row("einv.daily_log", "MMMMMMMMMMMEAAAAAAAAAAAA");
        r.month_days = (0..24)
            .map(|i| match i {
                11 => (31, 0),
                12.. => (0, if i == 13 { 28 } else { 30 }),
                _ => (0, 0),
            })
            .collect();
        let html = grid(&[r], 2027);
        assert!(
            html.contains("einv.daily_log 2026-12：原有分区（31/31 天）"),
            "{html}"
        );
        assert!(
            html.contains("einv.daily_log 2027-02：本次新增（原有 0 天，新增 28 天，共 28 天）")
        );
    }
}
