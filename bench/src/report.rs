//! The report: printed as it grows (a full run takes many minutes) and saved as Markdown.

use std::path::Path;

use crate::table::Table;

/// Markdown text, printed to stdout piece by piece as it is added.
#[derive(Debug, Default)]
pub struct Report {
    text: String,
}

impl Report {
    /// A `##` heading.
    pub fn heading(&mut self, title: &str) {
        self.add(&format!("## {title}\n\n"));
    }

    /// A paragraph (or a bullet list: any Markdown block).
    pub fn paragraph(&mut self, text: &str) {
        self.add(&format!("{}\n\n", text.trim_end()));
    }

    /// A table, unless it is empty.
    pub fn table(&mut self, table: &Table) {
        if !table.is_empty() {
            self.add(&format!("{}\n", table.render()));
        }
    }

    /// The whole text so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Writes the text to `file`, creating its folder.
    pub fn save(&self, file: &Path) -> Result<(), String> {
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|error| format!("{}: {error}", folder.display()))?;
        }
        std::fs::write(file, &self.text).map_err(|error| format!("{}: {error}", file.display()))
    }

    fn add(&mut self, piece: &str) {
        print!("{piece}");
        self.text.push_str(piece);
    }
}

/// Progress on stderr, so stdout stays the report.
pub fn progress(message: &str) {
    eprintln!("  … {message}");
}
