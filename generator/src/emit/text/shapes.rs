//! The shapes of code the layouts are given: call arguments, method calls, parameters, the
//! values of a struct literal's fields.

use std::fmt::Write as _;

use super::rust_type::RustType;

/// The longest receiver (a name) that stays with its method when a call at the start of a line
/// breaks (prettyplease's `is_short_ident`: its `INDENT`).
const SHORT_RECEIVER: usize = 4;

/// An argument of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Written as is (a path, a literal, `&mut name`, `&self.name`).
    Plain(String),
    /// Terms joined by ` + `, which the printer fills onto lines when they do not fit one.
    Sum(Vec<String>),
}

impl Arg {
    /// On one line.
    pub(super) fn flat(&self) -> String {
        match self {
            Arg::Plain(text) => text.clone(),
            Arg::Sum(terms) => terms.join(" + "),
        }
    }
}

/// A method call `receiver.method(args)` followed by `suffix` on its line (`?`, `?;`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodCall<'a> {
    /// The receiver: a plain name.
    pub receiver: &'a str,
    /// The method's name.
    pub method: &'a str,
    /// The arguments, each written as is.
    pub args: Vec<String>,
    /// What follows the closing parenthesis (`?;`, `?`, or nothing).
    pub suffix: &'a str,
}

impl MethodCall<'_> {
    /// On one line.
    pub(super) fn flat(&self) -> String {
        self.written(self.receiver)
    }

    /// `.method(args)suffix`: what goes to the next line when the printer breaks before the
    /// dot.
    pub(super) fn tail(&self) -> String {
        self.written("")
    }

    /// `start` and the tail, pushed into one string of the right size (these are asked for
    /// each field of each struct: `format!` and `join` were a tenth of writing the impls).
    fn written(&self, start: &str) -> String {
        let args: usize = self.args.iter().map(|arg| arg.len() + 2).sum();
        let mut text =
            String::with_capacity(start.len() + self.method.len() + args + self.suffix.len() + 3);
        text.push_str(start);
        text.push('.');
        text.push_str(self.method);
        text.push('(');
        for (index, arg) in self.args.iter().enumerate() {
            if index > 0 {
                text.push_str(", ");
            }
            text.push_str(arg);
        }
        text.push(')');
        text.push_str(self.suffix);
        text
    }

    /// Whether the receiver stays with the method however the line breaks, when the call
    /// starts its line: a name of at most four characters (prettyplease's `is_short_ident`).
    pub(super) fn short_receiver(&self) -> bool {
        is_short_name(self.receiver)
    }

    /// The arguments as call arguments.
    pub(super) fn args(&self) -> Vec<Arg> {
        self.args.iter().cloned().map(Arg::Plain).collect()
    }
}

/// Whether a receiver is a plain name short enough to stay with its method when a call
/// starting a line breaks (prettyplease's `is_short_ident`).
pub(super) fn is_short_name(receiver: &str) -> bool {
    receiver.len() <= SHORT_RECEIVER
        && receiver
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// A parameter of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// Written as is (`mut self`).
    Plain(String),
    /// `name: impl Into<ty>`.
    Into {
        /// The parameter's name.
        name: String,
        /// The type it converts into.
        ty: RustType,
    },
}

impl Param {
    /// On one line.
    pub(super) fn flat(&self) -> String {
        match self {
            Param::Plain(text) => text.clone(),
            Param::Into { name, ty } => format!("{name}: impl Into<{ty}>"),
        }
    }
}

/// The value of a field of a struct literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// `name,`: a local of the field's name.
    Shorthand,
    /// A value that does not break (`None`, `Default::default()`).
    Plain(String),
    /// A method call (`map.required(id, "id")?`, `id.unwrap_or_default()`).
    Call(MethodCall<'a>),
    /// A call of a path, `head(args)suffix` (`rt::path_param(&path, "p0", "id", "", "")?`):
    /// its arguments go one per line when it does not fit.
    PathCall {
        /// The path called.
        head: String,
        /// The arguments, each written as is.
        args: Vec<String>,
        /// What follows the closing parenthesis (`?`, or nothing).
        suffix: &'a str,
    },
    /// A method chain, `receiver` then each of `calls` (`.optional("limit")?`): when it does
    /// not fit, every call goes on a line of its own, one depth in.
    Chain {
        /// What the chain starts from, on one line (a name, a path call).
        receiver: String,
        /// Each call with its dot and what follows it (`.ok_or_else(|| …)?`).
        calls: Vec<String>,
    },
    /// A struct literal `path { fields }`, a field per line.
    Struct {
        /// The struct's path.
        path: String,
        /// Its fields, by name.
        fields: Vec<(String, FieldValue<'a>)>,
    },
}

impl FieldValue<'_> {
    /// `name: value` (or `name`) on one line.
    pub(super) fn flat(&self, name: &str) -> String {
        match self {
            FieldValue::Shorthand => name.to_string(),
            FieldValue::Plain(value) => format!("{name}: {value}"),
            FieldValue::Call(call) => format!("{name}: {}", call.flat()),
            FieldValue::PathCall { head, args, suffix } => {
                format!("{name}: {head}({}){suffix}", args.join(", "))
            }
            FieldValue::Chain { receiver, calls } => {
                format!("{name}: {receiver}{}", calls.concat())
            }
            FieldValue::Struct { path, fields } => {
                format!("{name}: {}", struct_flat(path, fields))
            }
        }
    }
}

/// A struct literal on one line, `path { a: x, b }` (`path {}` without fields).
pub(super) fn struct_flat(path: &str, fields: &[(String, FieldValue<'_>)]) -> String {
    if fields.is_empty() {
        return format!("{path} {{}}");
    }
    let flat: Vec<String> = fields
        .iter()
        .map(|(name, value)| value.flat(name))
        .collect();
    format!("{path} {{ {} }}", flat.join(", "))
}

/// An expression laid out by its shape: calls, method calls and struct literals nested in
/// each other (`Ok(SuccessResponse::Ok(response.json()?, OkHeaders { .. }))`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Written as is; the printer has nowhere to break it (a name, a literal, a short call).
    Atom(String),
    /// `head(args)suffix`, calling a path.
    Call {
        /// The path called.
        head: String,
        /// The arguments.
        args: Vec<Expr>,
        /// What follows the closing parenthesis (`?`, or nothing).
        suffix: String,
    },
    /// `receiver.method(args)suffix`, the receiver a name longer than a short one (which
    /// would stay with its method when the line breaks).
    Method {
        /// The receiver.
        receiver: String,
        /// The method's name.
        method: String,
        /// The arguments.
        args: Vec<Expr>,
        /// What follows the closing parenthesis.
        suffix: String,
    },
    /// `path::<args>`: a path with generic arguments (`handle_get::<S>`), which the printer
    /// breaks inside the angle brackets when it does not fit.
    Turbofish {
        /// The path.
        path: String,
        /// The generic arguments.
        args: Vec<String>,
    },
    /// `head.method(args).method(args)…`: methods called in turn on an expression (a call),
    /// the chain broken before every dot when it does not fit.
    Chain {
        /// What the first method is called on.
        head: Box<Expr>,
        /// Each method's name and arguments, in order.
        calls: Vec<(String, Vec<Expr>)>,
    },
    /// A struct literal `path { name: value, … }`.
    Struct {
        /// The struct's path.
        path: String,
        /// Its fields, by name.
        fields: Vec<(String, Expr)>,
    },
}

impl Expr {
    /// On one line.
    pub fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call { head, args, suffix } => format!("{head}({}){suffix}", flat_args(args)),
            Expr::Method {
                receiver,
                method,
                args,
                suffix,
            } => format!("{receiver}.{method}({}){suffix}", flat_args(args)),
            Expr::Turbofish { path, args } => format!("{path}::<{}>", args.join(", ")),
            Expr::Chain { head, calls } => {
                let mut flat = head.flat();
                for (method, args) in calls {
                    let _ = write!(flat, ".{method}({})", flat_args(args));
                }
                flat
            }
            Expr::Struct { path, fields } => {
                if fields.is_empty() {
                    return format!("{path} {{}}");
                }
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", value.flat()))
                    .collect();
                format!("{path} {{ {} }}", fields.join(", "))
            }
        }
    }
}

fn flat_args(args: &[Expr]) -> String {
    let args: Vec<String> = args.iter().map(Expr::flat).collect();
    args.join(", ")
}

impl Expr {
    /// `receiver.method(args)suffix`.
    pub fn method(receiver: &str, method: &str, args: Vec<Expr>, suffix: &str) -> Self {
        Expr::Method {
            receiver: receiver.to_string(),
            method: method.to_string(),
            args,
            suffix: suffix.to_string(),
        }
    }

    /// `head` with `calls` chained after it (`head` alone when there are none).
    pub fn chained(head: Expr, calls: Vec<(String, Vec<Expr>)>) -> Self {
        if calls.is_empty() {
            head
        } else {
            Expr::Chain {
                head: Box::new(head),
                calls,
            }
        }
    }

    /// `head(args)`.
    pub fn call(head: &str, args: Vec<Expr>) -> Self {
        Expr::Call {
            head: head.to_string(),
            args,
            suffix: String::new(),
        }
    }
}
