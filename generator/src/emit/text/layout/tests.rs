//! The layouts against prettyplease itself, over a sweep of widths.

use super::super::shapes::Expr;
use super::*;

/// An impl whose lines take every layout here, with names `width` long: the statements
/// at depth 2, the arms at depth 4, the fields at depth 3, as in the written-out impls, all
/// inside `base` modules.
fn impl_of_width(width: usize, base: usize) -> Lines {
    let name = "n".repeat(width);
    let wire = string_literal(&"w".repeat(width));
    let mut lines = Lines::at(base);
    impl_header(&mut lines, "impl serde::Serialize", &"T".repeat(width + 20));
    let nested = RustType::generic(
        "Option",
        RustType::generic("Vec", RustType::Path("L".repeat(width))),
    );
    let params = [
        Param::Plain("mut self".to_string()),
        Param::Into {
            name: name.clone(),
            ty: nested,
        },
    ];
    lines.signature(1, "pub fn g", &params, " -> Self {");
    lines.line(2, "self");
    lines.line(1, "}");
    lines.line(1, "fn f(&self) {");
    let terms: Vec<String> = (0..width % 7 + 1)
        .map(|index| format!("usize::from(self.{name}{index}.is_some())"))
        .collect();
    lines.path_call_statement(
        2,
        "let mut object = runtime::object::Writer::new",
        &[
            Arg::Plain("serializer".into()),
            Arg::Plain(wire.clone()),
            Arg::Sum(terms),
        ],
        "?;",
    );
    let call = |receiver, method, args: Vec<String>, suffix| MethodCall {
        receiver,
        method,
        args,
        suffix,
    };
    lines.call_statement(
        2,
        &call(
            "object",
            "field_if",
            vec![
                format!("self.{name}.is_some()"),
                wire.clone(),
                format!("&self.{name}"),
            ],
            "?;",
        ),
    );
    lines.call_statement(
        2,
        &call(
            "map",
            "other",
            vec![format!("&mut {name}"), "key".into()],
            "?;",
        ),
    );
    // Around the struct literal's own limit (34) as the width grows.
    let short = "s".repeat(width % 40 + 1);
    lines.struct_literal(
        2,
        ("let s = ", "Self", ";"),
        &[
            ("a", FieldValue::Shorthand),
            (&short, FieldValue::Shorthand),
        ],
    );
    let values: Vec<String> = (0..width % 5 + 1)
        .map(|index| string_literal(&format!("{name}{index}")))
        .collect();
    lines.array_statement(2, "const VALUES: &'static [&'static str] = &", &values, ";");
    lines.line(2, "let variant = match self {");
    let variant = format!("{}::{name}", "E".repeat(width / 2 + 1));
    lines.value_arm(3, &variant, &wire);
    lines.value_arm(3, &wire, &variant);
    let unknown = format!("{variant}Unknown");
    lines.path_call_arm(3, "_", &unknown, &["value.to_owned()".to_string()]);
    // A pattern with fields too wide for ` => ` breaks inside itself (` => {` before a block).
    lines.value_arm(3, &format!("{variant}(value)"), "value");
    lines.block_arm_head(3, &format!("{variant}(value, other)"), false);
    // Two statements: a block of one expression would print as that expression.
    lines.line(4, "let kept = value;");
    lines.line(4, "kept");
    lines.line(3, "}");
    lines.line(2, "};");
    lines.line(2, "while let Some(key) = map.next_key()? {");
    lines.line(3, "match key.as_str() {");
    let slot = format!("&mut {name}");
    lines.call_arm(
        4,
        &wire,
        &call("map", "field", vec![slot.clone(), wire.clone()], ""),
    );
    lines.call_arm(
        4,
        &wire,
        &call(
            "map",
            "field_via",
            vec![slot, wire.clone(), "runtime::present::NotNullWhole".into()],
            "",
        ),
    );
    lines.line(4, "_ => map.skip(),");
    lines.line(3, "}?;");
    lines.line(2, "}");
    lines.line(2, "Ok(Self {");
    let required = call("map", "required", vec![name.clone(), wire.clone()], "?");
    lines.field(3, &name, &FieldValue::Call(required.clone()), false);
    let defaulted = call(&name, "unwrap_or_default", Vec::new(), "");
    lines.field(
        3,
        &format!("{name}2"),
        &FieldValue::Call(defaulted.clone()),
        false,
    );
    // A chain breaks before each dot, a path call at its arguments, a nested literal always.
    let chain = FieldValue::Chain {
        receiver: "query".to_string(),
        calls: vec![
            format!(".optional({wire})?"),
            ".ok_or_else(|| missing())?".to_string(),
        ],
    };
    lines.field(3, &format!("{name}4"), &chain, false);
    let path_call = FieldValue::PathCall {
        head: "rt::path_param".to_string(),
        args: vec!["&path".to_string(), wire.clone(), "\"\"".to_string()],
        suffix: "?",
    };
    lines.field(3, &format!("{name}5"), &path_call, false);
    let nested = FieldValue::Struct {
        path: format!("operations::{name}::Params"),
        fields: vec![
            (format!("{name}6"), FieldValue::Plain("None".to_string())),
            ("limit".to_string(), chain.clone()),
        ],
    };
    lines.field(3, "params", &nested, false);
    // The last field's comma is not counted.
    let last = if width.is_multiple_of(2) {
        required
    } else {
        defaulted
    };
    let others_last = width.is_multiple_of(3);
    lines.field(
        3,
        &format!("{name}3"),
        &FieldValue::Call(last),
        !others_last,
    );
    if others_last {
        lines.field(3, "others", &FieldValue::Shorthand, true);
    }
    lines.line(2, "})");
    lines.line(1, "}");
    lines.line(0, "}");
    lines
}

#[test]
fn every_layout_is_the_one_prettyplease_prints() {
    // Nested deep enough, the arms' lines are indented past 29 spaces, where the printer
    // leaves each line 60 bytes however far that runs past the margin.
    for base in [0, 2, 5] {
        let mut laid_out_here = 0;
        for width in 1..90 {
            let (text, needs_formatter) = impl_of_width(width, base).laid_out();
            if needs_formatter {
                continue;
            }
            laid_out_here += 1;
            assert_eq!(
                format_item(&text, base).as_deref(),
                Some(text.as_str()),
                "width {width} in {base} modules"
            );
        }
        // Long names (a term or an argument wider than a line) are left to prettyplease.
        assert!(
            laid_out_here >= 25,
            "{laid_out_here} widths laid out here in {base} modules"
        );
    }
}

#[test]
fn a_shape_not_covered_is_formatted_whole() {
    let mut lines = Lines::new();
    lines.line(0, "fn f() {");
    let call = MethodCall {
        receiver: "a_long_receiver",
        method: "m",
        args: vec!["x".repeat(100)],
        suffix: "",
    };
    lines.line(1, "match k {");
    lines.call_arm(2, "_", &call);
    lines.line(1, "}");
    lines.line(0, "}");
    let text = lines.finish();
    assert_eq!(format_item(&text, 0).as_deref(), Some(text.as_str()));
}

/// A function whose `match` has arms of every shape the client writes, values nesting calls,
/// method calls and struct literals, with names `width` long, inside `base` modules.
fn arms_of_width(width: usize, base: usize) -> Lines {
    let name = "n".repeat(width);
    let wire = Expr::Atom(string_literal(&"w".repeat(width)));
    let header = |field: String| {
        let value = Expr::method("response", "header", vec![wire.clone()], "?");
        (field, value)
    };
    let headers = Expr::Struct {
        path: format!("operations::{name}::OkHeaders"),
        fields: vec![
            header("a".to_string()),
            header(name.clone()),
            header(format!("{name}_b")),
        ],
    };
    let json = Expr::method("response", "json", Vec::new(), "?");
    let status = Expr::method("response", "status_code", Vec::new(), "");
    let small = Expr::Struct {
        path: "H".to_string(),
        fields: vec![("a".to_string(), Expr::Atom(name.clone()))],
    };
    let empty = Expr::Struct {
        path: "E".to_string(),
        fields: Vec::new(),
    };
    let arms = [
        (
            "200",
            Expr::call(
                "Ok",
                vec![Expr::call(
                    &format!("SuccessResponse::{name}"),
                    vec![json.clone(), headers.clone()],
                )],
            ),
        ),
        (
            "400..=499",
            Expr::method(
                "response",
                "error",
                vec![Expr::call(
                    &format!("ErrorResponse::{name}"),
                    vec![status, json.clone(), headers],
                )],
                "",
            ),
        ),
        (
            "401",
            Expr::method(
                "response",
                "json_error",
                vec![Expr::Atom(format!("ErrorResponse::{name}"))],
                "",
            ),
        ),
        ("204", Expr::call("Ok", vec![Expr::Atom("()".to_string())])),
        ("201", Expr::call("Ok", vec![small])),
        ("202", Expr::call(&format!("Ok{name}"), vec![empty, json])),
        (
            "203",
            Expr::method("resp", &name, vec![wire.clone(), wire.clone()], "?"),
        ),
        ("_", Expr::method("response", "unexpected", Vec::new(), "")),
    ];
    let mut lines = Lines::at(base);
    lines.line(0, "fn f() {");
    lines.line(1, "match s {");
    for (pattern, value) in &arms {
        lines.expr_arm(2, pattern, value);
    }
    lines.line(1, "}");
    lines.line(0, "}");
    lines
}

#[test]
fn arms_print_as_prettyplease_prints_them() {
    for base in [0, 2, 5, 8] {
        for width in 1..90 {
            let (text, needs_formatter) = arms_of_width(width, base).laid_out();
            assert!(!needs_formatter, "width {width} in {base} modules");
            assert_eq!(
                format_item(&text, base).as_deref(),
                Some(text.as_str()),
                "width {width} in {base} modules"
            );
        }
    }
}

#[test]
fn trait_impl_headers_print_as_prettyplease_prints_them() {
    for width in 1..100 {
        let plain = RustType::Path("F".repeat(width));
        let map = RustType::Generic {
            head: "std::collections::BTreeMap".to_string(),
            args: vec![RustType::Path("String".to_string()), plain.clone()],
        };
        let nested = RustType::generic("Vec", RustType::generic("Option", plain.clone()));
        for (index, from) in [plain, map, nested].iter().enumerate() {
            for name in ["N".repeat(width / 2 + 1), "N".repeat(90 - width % 90)] {
                let mut lines = Lines::new();
                lines.trait_impl_header(0, "From", from, &name);
                lines.line(1, "fn f() {}");
                lines.line(0, "}");
                let (text, needs_formatter) = lines.laid_out();
                assert!(!needs_formatter);
                assert_eq!(
                    format_item(&text, 0).as_deref(),
                    Some(text.as_str()),
                    "width {width}, type {index}"
                );
            }
        }
    }
}

#[test]
fn string_literals_are_escaped_as_proc_macro2_escapes_them() {
    for value in [
        "",
        "plain text, with 'quotes' and ~tildes~",
        "a \"quoted\" \\ backslash",
        "tab\there\nnewline\r",
        "nul\0 and nul\u{0}7 before a digit, \u{0}8 not octal",
        "control \u{1}\u{1f}\u{7f}",
        "café ünïcödé 漢字 🦀",
        "combining \u{301} mark and \u{200b} zero width",
        "\u{feff}bom and \u{2028} line separator",
    ] {
        assert_eq!(
            super::string_literal(value),
            proc_macro2::Literal::string(value).to_string(),
            "{value:?}"
        );
    }
}

#[test]
fn route_statements_print_as_prettyplease_prints_them() {
    // `let router = router.route(path, method(handler).method(handler)…);` as the server's
    // router writes them (the webhook receiver's: `router = router.route(…);`): paths and
    // handler names of every width, one to three methods.
    for (base, head) in [0, 1, 3].into_iter().flat_map(|base| {
        ["let router = ", "router = "]
            .into_iter()
            .map(move |head| (base, head))
    }) {
        for width in 1..110 {
            let handler = |method: &str| Expr::Turbofish {
                path: format!("handle_{method}_{}", "h".repeat(width)),
                args: vec!["S".to_string()],
            };
            let mut lines = Lines::at(base);
            lines.line(0, "fn f() {");
            for methods in 1..=3 {
                let names = ["get", "post", "delete"];
                let first = Expr::call(
                    &format!("axum::routing::{}", names[0]),
                    vec![handler(names[0])],
                );
                let calls: Vec<(String, Vec<Expr>)> = names[1..methods]
                    .iter()
                    .map(|name| (name.to_string(), vec![handler(name)]))
                    .collect();
                let value = Expr::chained(first, calls);
                let path = string_literal(&format!("/{}", "p".repeat(110 - width)));
                let route = Expr::method("router", "route", vec![Expr::Atom(path), value], "");
                lines.expr_statement(1, head, &route, ";");
            }
            lines.line(1, "router");
            lines.line(0, "}");
            let (text, needs_formatter) = lines.laid_out();
            assert!(
                !needs_formatter,
                "width {width} in {base} modules, {head:?}"
            );
            assert_eq!(
                format_item(&text, base).as_deref(),
                Some(text.as_str()),
                "width {width} in {base} modules, {head:?}"
            );
        }
    }
}
