//! Lines laid out as prettyplease lays them out, for the few shapes the written-out impls use.
//!
//! prettyplease is an Oppen printer: a line is 89 bytes wide (`MARGIN`) but leaves at least 60
//! after its indentation (`MIN_SPACE`), a depth is 4 spaces,
//! a group of call arguments is a consistent box (all on one line, or one per line with a
//! trailing comma), a method call may break before its dot unless its receiver is a name of at
//! most four characters at the start of a line, a sum is an inconsistent box (its terms fill
//! lines, continuations one depth in), and text after a group counts towards its width up to
//! the next possible break, except a comma the printer adds only when it breaks. The methods
//! here follow those rules for the shapes they are given; a shape they do not cover marks the
//! item, which is then formatted whole by prettyplease.

use super::rust_type::RustType;
use super::shapes::{Arg, FieldValue, MethodCall, Param};

mod arms;
mod expr;

/// The widest line prettyplease writes when it has a choice (its `MARGIN`, in bytes).
const MARGIN: usize = 89;

/// The room prettyplease leaves after a line's indentation however deep it is (its
/// `MIN_SPACE`): past 29 spaces of indentation, a line may run beyond the margin.
const MIN_SPACE: usize = 60;

/// Spaces per depth of nesting (prettyplease's `INDENT`).
const INDENT: usize = 4;

/// The widest a struct literal may be and stay on one line, from its path to before its
/// closing brace (prettyplease's `end_with_max_width(34)`).
const STRUCT_LITERAL_WIDTH: usize = 34;

/// An item's text, written line by line at depths counted from the item's own.
#[derive(Debug, Default)]
pub struct Lines {
    /// The item's own depth (an item in a module nested in the file's is at depth 1).
    base: usize,
    text: String,
    /// Set when a line took a shape the layouts here do not cover.
    needs_formatter: bool,
}

impl Lines {
    /// No lines yet, for an item at the top of its file.
    pub fn new() -> Self {
        Lines::default()
    }

    /// No lines yet, for an item at depth `base` in its file (each depth given to the other
    /// methods counts from there).
    pub fn at(base: usize) -> Self {
        Lines {
            base,
            ..Lines::default()
        }
    }

    /// One line, as written, at `depth`.
    pub fn line(&mut self, depth: usize, content: &str) {
        for _ in 0..self.indent(depth) {
            self.text.push(' ');
        }
        self.text.push_str(content);
        self.text.push('\n');
    }

    /// Lines as the printer printed them at the top of a file (attributes), at the item's own
    /// depth.
    pub fn printed(&mut self, text: &str) {
        self.printed_at(0, text);
    }

    /// [`Lines::printed`] at `depth` (attributes short enough to print the same there).
    pub fn printed_at(&mut self, depth: usize, text: &str) {
        for line in text.lines() {
            // Printed at the top, an attribute may fit there and not deeper in, where the
            // printer would break it; a doc comment it never breaks.
            self.needs_formatter |= line.starts_with("#[") && !self.fits(depth, line.len());
            self.line(depth, line);
        }
    }

    /// The indentation of a line at `depth`, in spaces.
    fn indent(&self, depth: usize) -> usize {
        (self.base + depth) * INDENT
    }

    /// Text another writer laid out at its own depth, as is.
    pub fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// `other`'s lines after these (both for an item at the same depth).
    pub fn append(&mut self, other: Lines) {
        self.text.push_str(&other.text);
        self.needs_formatter |= other.needs_formatter;
    }

    /// Whether no line was written yet.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether `width` bytes fit at `depth`: within the margin, or within the room every
    /// line has after its indentation.
    pub fn fits(&self, depth: usize, width: usize) -> bool {
        width <= MARGIN.saturating_sub(self.indent(depth)).max(MIN_SPACE)
    }

    /// A statement `receiver.method(args)suffix`: flat when it fits; else broken before the
    /// dot (a short receiver stays), then at the arguments if the rest still does not fit.
    pub fn call_statement(&mut self, depth: usize, call: &MethodCall<'_>) {
        let flat = call.flat();
        if self.fits(depth, flat.len()) {
            return self.line(depth, &flat);
        }
        if call.short_receiver() {
            return self.broken_call(depth, call);
        }
        self.line(depth, call.receiver);
        let tail = call.tail();
        if self.fits(depth + 1, tail.len()) || call.args.is_empty() {
            self.needs_formatter |= !self.fits(depth + 1, tail.len());
            return self.line(depth + 1, &tail);
        }
        self.line(depth + 1, &format!(".{}(", call.method));
        self.broken_args(depth + 2, &call.args());
        self.line(depth + 1, &format!("){}", call.suffix));
    }

    /// A statement ending in an array, `head[elements]tail` (`const ALL: &[T] = &[..];`): on
    /// one line when it fits, else an element per line.
    pub fn array_statement(&mut self, depth: usize, head: &str, elements: &[String], tail: &str) {
        let flat = format!("{head}[{}]{tail}", elements.join(", "));
        if self.fits(depth, flat.len()) {
            return self.line(depth, &flat);
        }
        self.line(depth, &format!("{head}["));
        let args: Vec<Arg> = elements.iter().cloned().map(Arg::Plain).collect();
        self.broken_args(depth + 1, &args);
        self.line(depth, &format!("]{tail}"));
    }

    /// A field of a struct literal broken over lines, `name: value,`: a call as its value
    /// does not start the line, so it breaks before its dot first. The comma after the last
    /// field is the printer's own, printed because the literal breaks, and not counted; the
    /// others' are.
    pub fn field(&mut self, depth: usize, name: &str, value: &FieldValue<'_>, last: bool) {
        let comma = usize::from(!last);
        let flat = value.flat(name);
        // A struct literal's own width limit decides whether it breaks (below).
        let is_struct = matches!(value, FieldValue::Struct { .. });
        if !is_struct && self.fits(depth, flat.len() + comma) {
            return self.line(depth, &format!("{flat},"));
        }
        match value {
            FieldValue::Call(call) => {
                self.line(depth, &format!("{name}: {}", call.receiver));
                self.method_tail(depth + 1, call, comma);
            }
            FieldValue::PathCall { head, args, suffix } => {
                self.line(depth, &format!("{name}: {head}("));
                let args: Vec<Arg> = args.iter().cloned().map(Arg::Plain).collect();
                self.broken_args(depth + 1, &args);
                self.line(depth, &format!("){suffix},"));
            }
            FieldValue::Chain { receiver, calls } => {
                // The chain is one consistent box: it breaks before every dot. A receiver too
                // wide itself breaks inside, not laid out here.
                let head = format!("{name}: {receiver}");
                self.needs_formatter |= !self.fits(depth, head.len());
                self.line(depth, &head);
                for (index, call) in calls.iter().enumerate() {
                    let last_call = index + 1 == calls.len();
                    let counted = if last_call { comma } else { 0 };
                    self.needs_formatter |= !self.fits(depth + 1, call.len() + counted);
                    let end = if last_call { "," } else { "" };
                    self.line(depth + 1, &format!("{call}{end}"));
                }
            }
            FieldValue::Struct { path, fields } => {
                // Short enough, the printer would keep it on one line (not laid out here).
                let flat = super::shapes::struct_flat(path, fields);
                self.needs_formatter |= flat.len() - 1 <= STRUCT_LITERAL_WIDTH;
                self.line(depth, &format!("{name}: {path} {{"));
                for (index, (field, value)) in fields.iter().enumerate() {
                    self.field(depth + 1, field, value, index + 1 == fields.len());
                }
                self.line(depth, "},");
            }
            // Too wide, and not a shape laid out here.
            FieldValue::Shorthand | FieldValue::Plain(_) => {
                self.needs_formatter |= matches!(value, FieldValue::Plain(_));
                self.line(depth, &format!("{flat},"));
            }
        }
    }

    /// A struct literal `path { fields }` between `before` and `after` on its line
    /// (`Ok(Self { .. })`): on one line while short (the printer's limit for struct literals,
    /// not only the margin), else a field per line.
    pub fn struct_literal<N: AsRef<str>>(
        &mut self,
        depth: usize,
        (before, path, after): (&str, &str, &str),
        fields: &[(N, FieldValue<'_>)],
    ) {
        if fields.is_empty() {
            return self.line(depth, &format!("{before}{path} {{}}{after}"));
        }
        let flat: Vec<String> = fields
            .iter()
            .map(|(name, value)| value.flat(name.as_ref()))
            .collect();
        let joined = flat.join(", ");
        let line = format!("{before}{path} {{ {joined} }}{after}");
        let width = format!("{path} {{ {joined} ").len();
        if width <= STRUCT_LITERAL_WIDTH && self.fits(depth, line.len()) {
            return self.line(depth, &line);
        }
        self.line(depth, &format!("{before}{path} {{"));
        for (index, (name, value)) in fields.iter().enumerate() {
            self.field(depth + 1, name.as_ref(), value, index + 1 == fields.len());
        }
        self.line(depth, &format!("}}{after}"));
    }

    /// A function's signature `head(params)tail` (`pub fn new(…) -> Self {`): on one line
    /// when it fits, else a parameter per line.
    pub fn signature(&mut self, depth: usize, head: &str, params: &[Param], tail: &str) {
        let flat: Vec<String> = params.iter().map(Param::flat).collect();
        let flat = format!("{head}({}){tail}", flat.join(", "));
        if self.fits(depth, flat.len()) {
            return self.line(depth, &flat);
        }
        self.line(depth, &format!("{head}("));
        for (index, param) in params.iter().enumerate() {
            // The last comma is the printer's own, not counted.
            let comma = usize::from(index + 1 < params.len());
            match param {
                Param::Plain(text) => {
                    // A plain path has nowhere to break: it stays whole, however wide.
                    self.needs_formatter |=
                        !self.fits(depth + 1, text.len() + comma) && text.contains(['<', '(', '[']);
                    self.line(depth + 1, &format!("{text},"));
                }
                Param::Into { name, ty } => {
                    let into = RustType::generic("impl Into", ty.clone());
                    self.typed(depth + 1, &format!("{name}: "), &into, (",", comma));
                }
            }
        }
        self.line(depth, &format!("){tail}"));
    }

    /// `prefix` and a type, then `suffix` (of which `suffix.1` bytes count towards the
    /// width: a comma the printer adds only when it breaks does not): on one line when it
    /// fits, else the type's generic arguments one per line, as deep as needed.
    pub fn typed(
        &mut self,
        depth: usize,
        prefix: &str,
        ty: &RustType,
        (suffix, counted): (&str, usize),
    ) {
        let mut flat = format!("{prefix}{ty}");
        let fits = self.fits(depth, flat.len() + counted);
        let (head, args) = match ty {
            RustType::Generic { head, args } if !fits => (head, args),
            _ => {
                // Nothing to break at when it does not fit (or a tuple, not laid out here).
                self.needs_formatter |= !fits && matches!(ty, RustType::Tuple(_));
                flat.push_str(suffix);
                return self.line(depth, &flat);
            }
        };
        self.line(depth, &format!("{prefix}{head}<"));
        for (index, arg) in args.iter().enumerate() {
            // The last argument's comma is the printer's own.
            let comma = usize::from(index + 1 < args.len());
            self.typed(depth + 1, "", arg, (",", comma));
        }
        self.line(depth, &format!(">{suffix}"));
    }

    /// Doc comment lines for a doc text (none when empty), as `tokens::docs` writes them and
    /// the printer prints them: `///` and the line, trailing spaces trimmed.
    pub fn docs(&mut self, depth: usize, text: Option<&str>) {
        for line in crate::emit::doc_text::doc_lines(text) {
            // An empty line is `///`: the printer trims the space.
            let doc = format!("///{line}");
            self.line(depth, doc.trim_end_matches(' '));
        }
    }

    /// A line the printer could break, taken as is when it fits; else the item goes to the
    /// formatter.
    pub fn unbroken(&mut self, depth: usize, content: &str) {
        self.needs_formatter |= !self.fits(depth, content.len());
        self.line(depth, content);
    }

    /// Marks the item to be formatted whole by prettyplease (a shape not laid out here).
    pub fn needs_formatter(&mut self) {
        self.needs_formatter = true;
    }

    /// Marks the item to be formatted whole by prettyplease when `condition` holds.
    pub fn needs_formatter_if(&mut self, condition: bool) {
        self.needs_formatter |= condition;
    }

    /// A statement `head(args)suffix` calling a path (`let x = a::b(..)?;`): flat when it
    /// fits, else its arguments one per line.
    pub fn path_call_statement(&mut self, depth: usize, head: &str, args: &[Arg], suffix: &str) {
        let flat_args: Vec<String> = args.iter().map(Arg::flat).collect();
        let flat = format!("{head}({}){suffix}", flat_args.join(", "));
        if self.fits(depth, flat.len()) {
            return self.line(depth, &flat);
        }
        self.line(depth, &format!("{head}("));
        self.broken_args(depth + 1, args);
        self.line(depth, &format!("){suffix}"));
    }

    /// The text written: as laid out here, or formatted whole by prettyplease when a line took
    /// a shape the layouts here do not cover.
    pub fn finish(self) -> String {
        let base = self.base;
        let (text, needs_formatter) = self.laid_out();
        if needs_formatter {
            return format_item(&text, base).unwrap_or(text);
        }
        text
    }

    /// The text as laid out here, and whether it needs the formatter after all.
    fn laid_out(self) -> (String, bool) {
        (self.text, self.needs_formatter)
    }

    /// `receiver.method(` with the arguments one per line, `)suffix` (a short receiver at
    /// the start of a line: the printer does not break before its dot).
    fn broken_call(&mut self, depth: usize, call: &MethodCall<'_>) {
        self.line(depth, &format!("{}.{}(", call.receiver, call.method));
        self.broken_args(depth + 1, &call.args());
        self.line(depth, &format!("){}", call.suffix));
    }

    /// `.method(args)suffix,` after a break before the dot, in a struct literal's field;
    /// `comma`: the width of its comma as the printer counts it (0 or 1).
    fn method_tail(&mut self, depth: usize, call: &MethodCall<'_>, comma: usize) {
        let tail = call.tail();
        if self.fits(depth, tail.len() + comma) || call.args.is_empty() {
            // Without arguments nothing is left to break at.
            self.needs_formatter |= !self.fits(depth, tail.len() + comma);
            return self.line(depth, &format!("{tail},"));
        }
        self.line(depth, &format!(".{}(", call.method));
        self.broken_args(depth + 1, &call.args());
        self.line(depth, &format!("){},", call.suffix));
    }

    /// A call's arguments one per line, each with its comma (the last's is the printer's
    /// trailing one, not counted).
    fn broken_args(&mut self, depth: usize, args: &[Arg]) {
        let count = args.len();
        for (index, arg) in args.iter().enumerate() {
            let comma = usize::from(index + 1 < count);
            match arg {
                Arg::Plain(text) => {
                    // Too wide for its own line, the printer may break inside it.
                    self.needs_formatter |=
                        !self.fits(depth, text.len() + comma) && text.contains('(');
                    self.line(depth, &format!("{text},"));
                }
                // The fill below counts no comma after the sum.
                Arg::Sum(terms) => {
                    self.needs_formatter |= comma > 0;
                    self.sum(depth, terms);
                }
            }
        }
    }

    /// Terms joined by ` + ` as the argument at `depth`: on the first line the longest run of
    /// leading terms that fits, then each `+ term` on the current line while it fits, else
    /// on a new line one depth in; the argument's comma after the last.
    fn sum(&mut self, depth: usize, terms: &[String]) {
        let Some((first, rest)) = terms.split_first() else {
            return self.line(depth, ",");
        };
        let mut line = first.clone();
        let mut rest = rest.iter().peekable();
        while let Some(term) = rest.next_if(|term| self.fits(depth, line.len() + 3 + term.len())) {
            line.push_str(" + ");
            line.push_str(term);
        }
        self.needs_formatter |= !self.fits(depth, line.len());
        let mut line_depth = depth;
        for term in rest {
            let piece = format!("+ {term}");
            if self.fits(line_depth, line.len() + 1 + piece.len()) {
                line.push(' ');
                line.push_str(&piece);
            } else {
                self.line(line_depth, &line);
                line_depth = depth + 1;
                self.needs_formatter |= !self.fits(line_depth, piece.len());
                line = piece;
            }
        }
        line.push(',');
        self.line(line_depth, &line);
    }
}

/// An impl's first line, `head for Name {`, or broken before `for` when too wide.
pub fn impl_header(lines: &mut Lines, head: &str, name: &str) {
    let flat = format!("{head} for {name} {{");
    if lines.fits(0, flat.len()) {
        lines.line(0, &flat);
    } else {
        lines.line(0, head);
        lines.line(0, &format!("for {name} {{"));
    }
}

/// A string literal as the tokens write it (quotes, escapes): proc-macro2's own escaping,
/// written straight into the text. Going through a `Literal` built one string and formatted
/// it into another, for every doc line and wire name of a giant spec.
pub fn string_literal(value: &str) -> String {
    let mut literal = String::with_capacity(value.len() + 2);
    literal.push('"');
    let plain = value
        .bytes()
        .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\');
    if plain {
        literal.push_str(value);
    } else {
        let mut characters = value.chars();
        while let Some(character) = characters.next() {
            match character {
                // An octal-looking digit after `\0` would read as part of the escape.
                '\0' if characters
                    .as_str()
                    .starts_with(|next: char| ('0'..='7').contains(&next)) =>
                {
                    literal.push_str("\\x00");
                }
                '\0' => literal.push_str("\\0"),
                // `escape_debug` would write `\'`, which a string does not need.
                '\'' => literal.push('\''),
                other => literal.extend(other.escape_debug()),
            }
        }
    }
    literal.push('"');
    literal
}

/// A whole item's text formatted by prettyplease at depth `base` (inside as many modules).
/// `None` when it does not parse.
fn format_item(text: &str, base: usize) -> Option<String> {
    let wrapped = format!("{}{text}{}", "mod m {".repeat(base), "}".repeat(base));
    let file: syn::File = syn::parse_str(&wrapped).ok()?;
    let printed = prettyplease::unparse(&file);
    let lines: Vec<&str> = printed.lines().collect();
    let inner = lines.get(base..lines.len().checked_sub(base)?)?;
    Some(inner.iter().flat_map(|line| [*line, "\n"]).collect())
}

#[cfg(test)]
mod tests;
