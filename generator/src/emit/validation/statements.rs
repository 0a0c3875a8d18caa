//! The statements a `Validate` impl is made of, and how they are laid out as text (see
//! `emit::text`): calls on `check`, calls of a type's `Validate`, blocks, a `match` on a
//! union's variants.

use crate::emit::text::{Arg, Lines, MethodCall};

/// One statement of a `validate` body.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stmt {
    /// `check.method(args);`
    Check {
        method: &'static str,
        args: Vec<String>,
    },
    /// `Validate::validate(reference, check);`
    Validate(String),
    /// `head { body }`: an `if let`, a `for`, or a bare block when `head` is empty.
    Block { head: String, body: Vec<Stmt> },
    /// `static PATTERN: Pattern = Pattern::new(literal);`
    Pattern(String),
    /// A statement the printer keeps on one line (`let value = &**self.x;`).
    Line(String),
    /// `match self { arms }`.
    Match(Vec<Arm>),
}

/// An arm of a `match`: its pattern and what it runs (nothing: `{}`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Arm {
    pub pattern: String,
    pub body: Vec<Stmt>,
}

impl Stmt {
    /// `check.method(args);`
    pub(super) fn check(method: &'static str, args: Vec<String>) -> Stmt {
        Stmt::Check { method, args }
    }
}

/// Writes `statements` at `depth`.
pub(super) fn write(lines: &mut Lines, depth: usize, statements: &[Stmt]) {
    for statement in statements {
        match statement {
            Stmt::Check { method, args } => lines.call_statement(
                depth,
                &MethodCall {
                    receiver: "check",
                    method,
                    args: args.clone(),
                    suffix: ";",
                },
            ),
            Stmt::Validate(reference) => {
                let args = [Arg::Plain(reference.clone()), Arg::Plain("check".into())];
                lines.path_call_statement(depth, "Validate::validate", &args, ";");
            }
            Stmt::Block { head, body } => {
                if head.is_empty() {
                    lines.line(depth, "{");
                } else {
                    lines.unbroken(depth, &format!("{head} {{"));
                }
                write(lines, depth + 1, body);
                lines.line(depth, "}");
            }
            Stmt::Pattern(literal) => lines.path_call_statement(
                depth,
                "static PATTERN: Pattern = Pattern::new",
                &[Arg::Plain(literal.clone())],
                ";",
            ),
            Stmt::Line(line) => lines.unbroken(depth, line),
            Stmt::Match(arms) => {
                lines.line(depth, "match self {");
                for arm in arms {
                    if arm.body.is_empty() {
                        lines.block_arm_head(depth + 1, &arm.pattern, true);
                    } else {
                        lines.block_arm_head(depth + 1, &arm.pattern, false);
                        write(lines, depth + 2, &arm.body);
                        lines.line(depth + 1, "}");
                    }
                }
                lines.line(depth, "}");
            }
        }
    }
}
