//! Markdown tables padded to line up in a terminal, so one text serves the console and
//! `BENCHMARKS.md`.

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: names, notes.
    Left,
    /// Numbers, so digits line up.
    Right,
}

/// A table under construction: a header row, then rows of cells.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers and alignments.
    pub fn new<S: AsRef<str>>(columns: &[(S, Align)]) -> Self {
        Table {
            headers: columns
                .iter()
                .map(|(header, align)| (header.as_ref().to_string(), *align))
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row; missing cells are left empty and extra cells are dropped, so a short row
    /// can never shift the columns of the ones after it.
    pub fn push(&mut self, cells: Vec<String>) {
        let mut cells = cells;
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    /// How many rows have been pushed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row has been pushed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as Markdown, each column padded to its widest cell.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = self
            .headers
            .iter()
            .enumerate()
            .map(|(column, (header, _))| {
                self.rows
                    .iter()
                    .map(|row| width(&row[column]))
                    .chain([width(header), 3])
                    .max()
                    .unwrap_or(3)
            })
            .collect();
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        let mut text = line(
            self.headers
                .iter()
                .zip(&widths)
                .map(|((header, align), &w)| pad(header, w, *align))
                .collect(),
        );
        text.push_str(&line(
            self.headers
                .iter()
                .zip(&widths)
                .map(|((_, align), &w)| match align {
                    Align::Left => "-".repeat(w),
                    Align::Right => format!("{}:", "-".repeat(w - 1)),
                })
                .collect(),
        ));
        for row in &self.rows {
            text.push_str(&line(
                row.iter()
                    .zip(&self.headers)
                    .zip(&widths)
                    .map(|((cell, (_, align)), &w)| pad(cell, w, *align))
                    .collect(),
            ));
        }
        text
    }
}

/// Display width, counted in characters: the tables hold ASCII, `×`, `–` and `≤`, each one
/// column wide.
fn width(text: &str) -> usize {
    text.chars().count()
}

fn pad(text: &str, width_wanted: usize, align: Align) -> String {
    let fill = " ".repeat(width_wanted.saturating_sub(width(text)));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_and_marks_alignment() {
        let mut table = Table::new(&[("spec", Align::Left), ("ms", Align::Right)]);
        table.push(vec!["petstore".into(), "1.5".into()]);
        table.push(vec!["nexus".into(), "120".into()]);
        assert_eq!(
            table.render(),
            "| spec     |  ms |\n\
             | -------- | --: |\n\
             | petstore | 1.5 |\n\
             | nexus    | 120 |\n"
        );
    }

    #[test]
    fn short_and_long_rows_keep_the_columns() {
        let mut table = Table::new(&[("a", Align::Left), ("b", Align::Left)]);
        table.push(vec!["x".into()]);
        table.push(vec!["1".into(), "2".into(), "3".into()]);
        assert_eq!(table.len(), 2);
        assert_eq!(
            table.render(),
            "| a   | b   |\n| --- | --- |\n| x   |     |\n| 1   | 2   |\n"
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        let mut table = Table::new(&[("ratio", Align::Right)]);
        table.push(vec!["–".into()]);
        assert!(table.render().ends_with("|     – |\n"));
    }
}
