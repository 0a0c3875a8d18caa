//! Expressions laid out whole by the printer (`oppen.rs`): each [`Expr`] is given the boxes and
//! breaks prettyplease gives its kind of expression, so calls, method calls and struct
//! literals nested in any way break as the formatter breaks them.

use super::super::oppen::{Break, INDENT, Printer};
use super::super::rust_type::RustType;
use super::super::shapes::{Expr, is_short_name};
use super::{Lines, STRUCT_LITERAL_WIDTH};

impl Lines {
    /// A `match` arm `pattern => value,`: flat when it fits, else the value alone in a block,
    /// broken inside as the formatter would. The pattern is a literal or a range; a value the
    /// printer would turn into a block of its own (`()`, a struct literal) is left to the
    /// formatter.
    pub fn expr_arm(&mut self, depth: usize, pattern: &str, value: &Expr) {
        self.needs_formatter_if(matches!(value, Expr::Struct { .. }) || is_unit(value));
        let mut printer = Printer::default();
        printer.ibox(0);
        printer.word(pattern);
        printer.word(" => ");
        printer.brk(Break {
            never: true,
            ..Break::default()
        });
        printer.cbox(INDENT);
        printer.brk(Break {
            pre_break: Some('{'),
            ..Break::default()
        });
        expr(&mut printer, value, true);
        printer.brk(Break {
            offset: -INDENT,
            post_break: "}",
            no_break: Some(','),
            ..Break::default()
        });
        printer.end();
        printer.end();
        // The printed text's first line without its indentation, which `line` writes.
        self.line(depth, &printer.print(self.indent(depth)));
    }

    /// A statement `head value suffix` (`let router = …;`, `head` ending in ` = `) whose
    /// value breaks as the printer breaks it, never right after `head`.
    pub fn expr_statement(&mut self, depth: usize, head: &str, value: &Expr, suffix: &str) {
        let mut printer = Printer::default();
        printer.ibox(0);
        printer.word(head);
        printer.brk(Break {
            never: true,
            ..Break::default()
        });
        expr(&mut printer, value, false);
        printer.end();
        printer.word(suffix);
        let printed = printer.print(self.indent(depth));
        self.line(depth, printed.trim_end_matches([' ', '\n']));
    }

    /// The first line of `impl Trait<arg> for Name {` (an item at the top of its file),
    /// broken as the formatter breaks it when too wide: inside the trait's generic argument,
    /// before `for`, or both. A tuple argument is left to the formatter.
    pub fn trait_impl_header(&mut self, depth: usize, head: &str, arg: &RustType, name: &str) {
        let mut printer = Printer::default();
        // The item's box: it holds the body's lines, so it is broken.
        printer.cbox(INDENT);
        printer.ibox(-INDENT);
        printer.word("impl ");
        printer.word(head);
        printer.word("<");
        generic_args(&mut printer, std::slice::from_ref(arg));
        printer.word(">");
        printer.space();
        printer.word("for ");
        printer.word(name);
        printer.end();
        printer.word(" {");
        printer.hardbreak();
        printer.end();
        self.needs_formatter_if(has_tuple(arg));
        let printed = printer.print(self.indent(depth));
        self.line(depth, printed.trim_end_matches([' ', '\n']));
    }
}

/// A type's tokens: a generic one's arguments in a box of their own.
fn rust_type(printer: &mut Printer, ty: &RustType) {
    match ty {
        RustType::Path(text) | RustType::Tuple(text) => printer.word(text),
        RustType::Generic { head, args } => {
            printer.word(head);
            printer.word("<");
            generic_args(printer, args);
            printer.word(">");
        }
    }
}

/// Generic arguments between `<` and `>`: on the line, or one per line with a trailing comma.
fn generic_args(printer: &mut Printer, args: &[RustType]) {
    printer.cbox(INDENT);
    printer.zerobreak();
    for (index, arg) in args.iter().enumerate() {
        rust_type(printer, arg);
        printer.trailing_comma(index + 1 == args.len());
    }
    printer.offset(-INDENT);
    printer.end();
}

/// Whether a tuple is in `ty` (written whole here, where the formatter could break it).
fn has_tuple(ty: &RustType) -> bool {
    match ty {
        RustType::Path(_) => false,
        RustType::Tuple(_) => true,
        RustType::Generic { args, .. } => args.iter().any(has_tuple),
    }
}

/// `value`'s tokens; `line_start`: whether it starts its line (a short receiver then stays
/// with its method).
fn expr(printer: &mut Printer, value: &Expr, line_start: bool) {
    match value {
        Expr::Atom(text) => printer.word(text),
        Expr::Call { head, args, suffix } => {
            printer.word(head);
            printer.word("(");
            call_args(printer, args);
            printer.word(")");
            printer.word(suffix);
        }
        Expr::Method {
            receiver,
            method,
            args,
            suffix,
        } => {
            let stays = line_start && is_short_name(receiver);
            printer.cbox(INDENT);
            printer.word(receiver);
            if !stays {
                printer.zerobreak();
            }
            printer.word(".");
            printer.word(method);
            printer.cbox(if stays { -INDENT } else { 0 });
            printer.word("(");
            call_args(printer, args);
            printer.word(")");
            printer.end();
            printer.end();
            printer.word(suffix);
        }
        Expr::Turbofish { path, args } => {
            printer.word(path);
            printer.word("::<");
            printer.cbox(INDENT);
            printer.zerobreak();
            for (index, arg) in args.iter().enumerate() {
                printer.word(arg);
                printer.trailing_comma(index + 1 == args.len());
            }
            printer.offset(-INDENT);
            printer.end();
            printer.word(">");
        }
        Expr::Chain { head, calls } => {
            // prettyplease's method call chain: one box, a break before each dot.
            printer.cbox(INDENT);
            expr(printer, head, false);
            for (method, args) in calls {
                printer.zerobreak();
                printer.word(".");
                printer.word(method);
                printer.cbox(0);
                printer.word("(");
                call_args(printer, args);
                printer.word(")");
                printer.end();
            }
            printer.end();
        }
        Expr::Struct { path, fields } => {
            printer.cbox(INDENT);
            printer.ibox(-INDENT);
            printer.word(path);
            printer.end();
            printer.word(" {");
            printer.brk(Break {
                blank: 1,
                if_nonempty: true,
                ..Break::default()
            });
            for (index, (name, value)) in fields.iter().enumerate() {
                printer.word(name);
                printer.word(": ");
                printer.ibox(0);
                expr(printer, value, false);
                printer.end();
                printer.trailing_comma_or_space(index + 1 == fields.len());
            }
            printer.offset(-INDENT);
            printer.end_with_max_width(STRUCT_LITERAL_WIDTH);
            printer.word("}");
        }
    }
}

/// A call's arguments: one that is a block of its own (a struct literal, `()`) right inside
/// the parentheses, else all on the line or one per line with a trailing comma.
fn call_args(printer: &mut Printer, args: &[Expr]) {
    if let [only] = args
        && (matches!(only, Expr::Struct { .. }) || is_unit(only))
    {
        return expr(printer, only, false);
    }
    printer.cbox(INDENT);
    printer.zerobreak();
    for (index, arg) in args.iter().enumerate() {
        expr(printer, arg, false);
        printer.trailing_comma(index + 1 == args.len());
    }
    printer.offset(-INDENT);
    printer.end();
}

/// `()`.
fn is_unit(value: &Expr) -> bool {
    matches!(value, Expr::Atom(text) if text == "()")
}
