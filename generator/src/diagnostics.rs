//! Diagnostics: what went wrong (or looks doubtful) in a spec, and exactly where.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on with a faithful fallback (usually `serde_json::Value`).
    Warning,
    /// Generation stopped; nothing was written.
    Error,
}

/// A place in a spec document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file the node is in, as the user named it.
    pub file: Option<PathBuf>,
    /// RFC 6901 JSON pointer of the node (`""` is the whole document).
    pub pointer: String,
    /// 1-based line and column, when the parser told us.
    pub line_column: Option<(usize, usize)>,
}

impl Location {
    /// A location identified by a JSON pointer only.
    pub fn pointer(pointer: impl Into<String>) -> Self {
        Location {
            file: None,
            pointer: pointer.into(),
            line_column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, column)) = self.line_column {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, " ")?;
        } else if let Some((line, column)) = self.line_column {
            write!(f, "line {line}, column {column} ")?;
        }
        if self.pointer.is_empty() {
            return write!(f, "at (document root)");
        }
        write!(f, "at {}", abbreviated(&self.pointer))
    }
}

/// Tokens shown at each end of a pointer too long to read (a node nested hundreds deep).
const SHOWN_TOKENS: usize = 12;

/// The pointer, with the middle of a very long one elided (`/a/0/…488 more…/0/0`): the
/// diagnostic stays one readable line; the full pointer is still in [`Location::pointer`].
fn abbreviated(pointer: &str) -> std::borrow::Cow<'_, str> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    if tokens.len() <= 3 * SHOWN_TOKENS {
        return pointer.into();
    }
    let hidden = tokens.len() - 2 * SHOWN_TOKENS;
    format!(
        "/{}/…{hidden} more…/{}",
        tokens[..SHOWN_TOKENS].join("/"),
        tokens[tokens.len() - SHOWN_TOKENS..].join("/")
    )
    .into()
}

/// One finding about a spec, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is.
    pub location: Location,
}

impl Diagnostic {
    /// An error at a JSON pointer.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: Location::pointer(pointer),
        }
    }

    /// A warning at a JSON pointer.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            location: Location::pointer(pointer),
        }
    }

    /// The same finding, downgraded to a warning (generation goes on without the item).
    pub fn with_severity_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same diagnostic, attributed to `file`.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.location.file.get_or_insert_with(|| file.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {} ({})", self.message, self.location)
    }
}

impl std::error::Error for Diagnostic {}

impl Diagnostic {
    /// The spec line the diagnostic points at, with the spot marked and the JSON pointer, as a
    /// compiler shows it; `None` when the file or position is unknown or unreadable.
    ///
    /// ```text
    ///   --> bad.yaml:5:10
    ///    |
    ///  5 |     get: nope
    ///    |          ^
    ///    = at /paths/~1a/get
    /// ```
    pub fn excerpt(&self) -> Option<String> {
        let file = self.location.file.as_ref()?;
        let (line, column) = self.location.line_column?;
        let bytes = std::fs::read(file).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let source = text.lines().nth(line.checked_sub(1)?)?;
        Some(excerpt_text(
            &file.display().to_string(),
            line,
            column,
            source,
            &self.location.pointer,
        ))
    }
}

/// Lines longer than this are shown as a window around the marked column.
const EXCERPT_WIDTH: usize = 100;

fn excerpt_text(file: &str, line: usize, column: usize, source: &str, pointer: &str) -> String {
    let characters: Vec<char> = source
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let column = column.saturating_sub(1).min(characters.len());
    let start = column.saturating_sub(EXCERPT_WIDTH / 2);
    let end = (start + EXCERPT_WIDTH).min(characters.len());
    let shown: String = characters[start..end].iter().collect();
    let (before, after) = (
        if start > 0 { "…" } else { "" },
        if end < characters.len() { "…" } else { "" },
    );
    let gutter = " ".repeat(line.to_string().len());
    let marker = " ".repeat(column - start + before.chars().count());
    let mut text = format!(
        "{gutter}--> {file}:{line}:{}\n{gutter} |\n{line} | {before}{shown}{after}\n{gutter} | {marker}^",
        column + 1
    );
    if !pointer.is_empty() {
        text.push_str(&format!("\n{gutter} = at {pointer}"));
    }
    text
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    // One allocation of the final size: lowering a giant spec extends pointers millions of
    // times, and escaping then formatting took three and the formatter's machinery.
    let escapes = token
        .bytes()
        .filter(|byte| matches!(byte, b'~' | b'/'))
        .count();
    let mut pushed = String::with_capacity(pointer.len() + 1 + token.len() + escapes);
    pushed.push_str(pointer);
    pushed.push('/');
    if escapes == 0 {
        pushed.push_str(token);
        return pushed;
    }
    for character in token.chars() {
        match character {
            '~' => pushed.push_str("~0"),
            '/' => pushed.push_str("~1"),
            other => pushed.push(other),
        }
    }
    pushed
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_column_at(text: &str, offset: usize) -> (usize, usize) {
    let prefix = text.get(..offset).unwrap_or(text);
    let line_start = prefix.rfind('\n').map_or(0, |index| index + 1);
    let line = 1 + prefix.matches('\n').count();
    (line, 1 + prefix[line_start..].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_mark_the_column() {
        let text = excerpt_text("bad.yaml", 5, 10, "    get:\tnope", "/paths/~1a/get");
        assert_eq!(
            text,
            " --> bad.yaml:5:10\n  |\n5 |     get: nope\n  |          ^\n  = at /paths/~1a/get"
        );
        let long = "x".repeat(300);
        let windowed = excerpt_text("f", 1, 200, &long, "");
        assert!(
            windowed.contains("…") && windowed.lines().all(|l| l.chars().count() < 120),
            "{windowed}"
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            pointer_push("/paths", "/auth/codes"),
            "/paths/~1auth~1codes"
        );
        assert_eq!(pointer_push("", "a~b"), "/a~0b");
    }

    #[test]
    fn very_long_pointers_are_shown_abbreviated() {
        let pointer = format!("/x{}", "/0".repeat(100));
        let shown = Diagnostic::error(pointer.as_str(), "deep").to_string();
        let zeros = |n: usize| "/0".repeat(n);
        assert_eq!(
            shown,
            format!("error: deep (at /x{}/…77 more…{})", zeros(11), zeros(12))
        );
        let short = "/a/b";
        assert_eq!(Location::pointer(short).to_string(), "at /a/b");
    }

    #[test]
    fn display_names_file_line_and_pointer() {
        let mut diagnostic = Diagnostic::error("/paths", "expected an object").in_file("spec.yaml");
        diagnostic.location.line_column = Some((3, 7));
        assert_eq!(
            diagnostic.to_string(),
            "error: expected an object (spec.yaml:3:7 at /paths)"
        );
    }
}
