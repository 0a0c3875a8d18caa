//! `match` arms laid out: flat when they fit, else the body alone in a block, or the pattern
//! broken inside itself when it leaves no room for ` => `.

use super::super::shapes::{Arg, MethodCall};
use super::Lines;

impl Lines {
    /// A `match` arm `pattern => call,`: flat when it fits (the comma is printed only when
    /// the arm does not break, and not counted); else the call alone in a block.
    pub fn call_arm(&mut self, depth: usize, pattern: &str, call: &MethodCall<'_>) {
        let body = call.flat();
        if self.fits(depth, pattern.len() + " => ".len() + body.len()) {
            return self.line(depth, &format!("{pattern} => {body},"));
        }
        if self.broken_pattern(depth, pattern, " => ".len()) {
            return self.after_broken_pattern(depth, &body);
        }
        self.line(depth, &format!("{pattern} => {{"));
        if self.fits(depth + 1, body.len()) {
            self.line(depth + 1, &body);
        } else if call.short_receiver() {
            self.broken_call(depth + 1, call);
        } else {
            self.needs_formatter = true;
            self.line(depth + 1, &body);
        }
        self.line(depth, "}");
    }

    /// A `match` arm `pattern => value,` whose value the printer does not break (a literal,
    /// a path): flat when it fits, else the value alone in a block.
    pub fn value_arm(&mut self, depth: usize, pattern: &str, value: &str) {
        if self.fits(depth, pattern.len() + " => ".len() + value.len()) {
            return self.line(depth, &format!("{pattern} => {value},"));
        }
        if self.broken_pattern(depth, pattern, " => ".len()) {
            return self.after_broken_pattern(depth, value);
        }
        self.line(depth, &format!("{pattern} => {{"));
        // A path or a literal has nowhere to break: it stays whole, however wide.
        self.needs_formatter |= value.contains('(') && !self.fits(depth + 1, value.len());
        self.line(depth + 1, value);
        self.line(depth, "}");
    }

    /// A `match` arm `pattern => head(args),` calling a path: flat when it fits, else the
    /// call alone in a block, its arguments one per line if it still does not fit.
    pub fn path_call_arm(&mut self, depth: usize, pattern: &str, head: &str, args: &[String]) {
        let call = format!("{head}({})", args.join(", "));
        if self.fits(depth, pattern.len() + " => ".len() + call.len()) {
            return self.line(depth, &format!("{pattern} => {call},"));
        }
        if self.broken_pattern(depth, pattern, " => ".len()) {
            return self.after_broken_pattern(depth, &call);
        }
        self.line(depth, &format!("{pattern} => {{"));
        let args: Vec<Arg> = args.iter().cloned().map(Arg::Plain).collect();
        self.path_call_statement(depth + 1, head, &args, "");
        self.line(depth, "}");
    }

    /// The first line of a `match` arm whose body is a block, `pattern => {` (`{}` when
    /// `empty`); a pattern with bindings too wide for ` => {` breaks inside itself, as in
    /// [`Lines::value_arm`].
    pub fn block_arm_head(&mut self, depth: usize, pattern: &str, empty: bool) {
        let open = if empty { "{}" } else { "{" };
        if self.broken_pattern(depth, pattern, " => {".len()) {
            return self.line(depth, &format!(") => {open}"));
        }
        self.unbroken(depth, &format!("{pattern} => {open}"));
    }

    /// A pattern with bindings (`Path(a, b)`) that leaves no room for the `after` bytes that
    /// follow it (` => `, or ` => {` before a block) breaks first, inside itself: `Path(`, a
    /// binding per line (the last comma the printer's own), and the caller goes on after `)`.
    /// False (nothing written) for a pattern that fits or has no bindings.
    fn broken_pattern(&mut self, depth: usize, pattern: &str, after: usize) -> bool {
        if !self.broken_pattern_needed_after(depth, pattern, after) {
            return false;
        }
        let Some((head, bindings)) = pattern_parts(pattern) else {
            return false;
        };
        // Bindings are names here; anything nested is not laid out.
        self.needs_formatter |= bindings.contains(['(', '[', '{']);
        self.line(depth, &format!("{head}("));
        for binding in bindings.split(", ") {
            self.line(depth + 1, &format!("{binding},"));
        }
        true
    }

    /// Whether `pattern` has bindings and leaves no room for the `after` bytes after it.
    fn broken_pattern_needed_after(&self, depth: usize, pattern: &str, after: usize) -> bool {
        !self.fits(depth, pattern.len() + after) && pattern_parts(pattern).is_some()
    }

    /// `) => body,` after a broken pattern: the body on the closing line when it fits there.
    fn after_broken_pattern(&mut self, depth: usize, body: &str) {
        let line = format!(") => {body}");
        // The comma is printed only when the arm does not break, and not counted.
        self.needs_formatter |= !self.fits(depth, line.len());
        self.line(depth, &format!("{line},"));
    }
}

/// A pattern's path and bindings (`Path(a, b)` → `Path`, `a, b`); `None` without bindings.
fn pattern_parts(pattern: &str) -> Option<(&str, &str)> {
    pattern
        .strip_suffix(')')
        .and_then(|pattern| pattern.split_once('('))
}
