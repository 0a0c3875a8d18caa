//! One large module formatted by two threads: its items cut in two, the tail parsed and printed
//! by another thread of the pool while this one does the head, the texts joined.
//!
//! Why: on a giant spec one module dominates (Stripe's `types` is 13 MB of its 16.7 MB), and
//! parsing and printing it on one thread is the critical path of the whole generation while
//! the other modules leave a core idle. prettyplease prints a file's items one after another,
//! each ending in a hard line break, so printing two runs of items and joining the texts gives
//! the very text printing them together would.
//!
//! Token streams and syntax trees cannot cross threads (proc-macro2 counts their references
//! with `Rc`), so the tail goes over as text and is read back there: a cost paid only for
//! modules large enough to gain from it.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::separate::Separated;
use crate::emit::EmitError;

/// Top-level token trees a module needs before its tail is worth another thread (Stripe's
/// `types` has about 150 000; its other modules, and every module of the corpus, fewer than
/// 26 000).
const SPLIT_FROM_TREES: usize = 60_000;

/// Share of the top-level token trees, in per cent, that stays on the module's own thread. A
/// little more than half, though that thread has emitted the whole module first: the tail's
/// thread pays for reading the text back, and does the other modules too. On Stripe with 2
/// cores this balanced them when the tail had a thread of its own (CPU samples: 0.75 s on the
/// module's thread, 0.73 s on the tail's and the other modules' together); in the pool the tail
/// waits for the other thread to finish the module it is on.
const HEAD_PERCENT: usize = 55;

/// Formats a module's items as prettyplease would print them in one file and writes them to
/// `out`, each stand-in for an item written as text (`oasgen_text!(N);`, see `emit::text`)
/// replaced by `texts[N]`. A large module's tail is parsed and printed by another thread of the
/// pool.
pub(super) fn unparse_items(
    tokens: TokenStream,
    texts: Vec<String>,
    out: &mut Separated,
) -> Result<(), EmitError> {
    // Each text is let go as soon as it is written: its memory then serves what this thread
    // formats next, rather than fresh pages.
    let texts: &mut [Option<String>] = &mut texts.into_iter().map(Some).collect::<Vec<_>>();
    // A stand-in at the top, after a whole item, prints as itself: its text is written here,
    // and only the runs of other items between the stand-ins go through syn and prettyplease
    // (most of a giant spec's types module is stand-ins).
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut run: Vec<TokenTree> = Vec::new();
    let mut index = 0;
    while let Some(tree) = trees.get(index) {
        let after_item = run.last().is_none_or(ends_item);
        if let Some(stand_in) = stand_in_at(&trees, index).filter(|_| after_item) {
            if !run.is_empty() {
                write_spliced(&unparse_run(std::mem::take(&mut run))?, texts, out)?;
            }
            out.push_lines(&text_of(&stand_in, texts)?);
            index += STAND_IN_TREES;
            continue;
        }
        run.push(tree.clone());
        index += 1;
    }
    if !run.is_empty() {
        write_spliced(&unparse_run(run)?, texts, out)?;
    }
    Ok(())
}

/// Writes printed lines, each stand-in line (`oasgen_text!(N);` alone, at any depth: a text's
/// indentation is its own) replaced by its text.
fn write_spliced(
    printed: &str,
    texts: &mut [Option<String>],
    out: &mut Separated,
) -> Result<(), EmitError> {
    for line in printed.lines() {
        let stand_in = line
            .trim_start()
            .strip_prefix("oasgen_text!(")
            .and_then(|rest| rest.strip_suffix(");"));
        match stand_in {
            Some(number) => out.push_lines(&text_of(number, texts)?),
            None => out.push_line(line),
        }
    }
    Ok(())
}

/// The text a stand-in's number names, taken: each is written once.
fn text_of(number: &str, texts: &mut [Option<String>]) -> Result<String, EmitError> {
    number
        .parse::<usize>()
        .ok()
        .and_then(|index| texts.get_mut(index))
        .and_then(Option::take)
        .ok_or_else(|| {
            EmitError(format!(
                "the stand-in `oasgen_text!({number})` names no text, or one already written"
            ))
        })
}

/// Top-level trees of a stand-in: `oasgen_text`, `!`, `(N)`, `;`.
const STAND_IN_TREES: usize = 4;

/// The number of the stand-in starting at `trees[index]`, if one does.
fn stand_in_at(trees: &[TokenTree], index: usize) -> Option<String> {
    let [name, bang, group, semi] = trees.get(index..index + STAND_IN_TREES)? else {
        return None;
    };
    let is_stand_in = matches!(name, TokenTree::Ident(ident) if ident == "oasgen_text")
        && matches!(bang, TokenTree::Punct(punct) if punct.as_char() == '!')
        && matches!(semi, TokenTree::Punct(punct) if punct.as_char() == ';');
    let TokenTree::Group(group) = group else {
        return None;
    };
    let mut inside = group.stream().into_iter();
    match (inside.next(), inside.next()) {
        (Some(TokenTree::Literal(number)), None)
            if is_stand_in && group.delimiter() == Delimiter::Parenthesis =>
        {
            Some(number.to_string())
        }
        _ => None,
    }
}

/// A run of whole items formatted as in one file.
fn unparse_run(run: Vec<TokenTree>) -> Result<String, EmitError> {
    unparse_items_split_from(run.into_iter().collect(), SPLIT_FROM_TREES)
}

fn unparse_items_split_from(tokens: TokenStream, split_from: usize) -> Result<String, EmitError> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    if trees.len() < split_from {
        return unparse(trees.into_iter().collect());
    }
    let Some(cut) = item_boundary_near(&trees, trees.len() * HEAD_PERCENT / 100) else {
        return unparse(trees.into_iter().collect());
    };
    let mut trees = trees;
    let tail = trees
        .split_off(cut)
        .into_iter()
        .collect::<TokenStream>()
        .to_string();
    let head: TokenStream = trees.into_iter().collect();
    // The head's token streams cannot leave this thread: on the pool, the tail, as text, is
    // formatted by another of its threads when one is free; off it, here after the head.
    let mut tail_text = None;
    let head_text = if crate::deep_stack::in_pool() {
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| tail_text = Some(unparse_text(&tail)));
            unparse(head)
        })
    } else {
        unparse(head)
    };
    let mut text = head_text?;
    text.push_str(&tail_text.unwrap_or_else(|| unparse_text(&tail))?);
    Ok(text)
}

fn unparse(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(not_parsed)?;
    Ok(prettyplease::unparse(&file))
}

fn unparse_text(text: &str) -> Result<String, EmitError> {
    let file: syn::File = syn::parse_str(text).map_err(not_parsed)?;
    Ok(prettyplease::unparse(&file))
}

fn not_parsed(error: syn::Error) -> EmitError {
    EmitError(format!("generated code does not parse: {error}"))
}

/// The first index at or after `target` where one item ends and the next begins: the tree
/// before it closes an item (a `;` or a `{ … }` body) and the tree there opens one (an
/// attribute, a doc comment, or an item keyword). `None` when there is none.
fn item_boundary_near(trees: &[TokenTree], target: usize) -> Option<usize> {
    (target.max(1)..trees.len())
        .find(|&index| ends_item(&trees[index - 1]) && starts_item(&trees[index]))
}

fn ends_item(tree: &TokenTree) -> bool {
    match tree {
        TokenTree::Punct(punct) => punct.as_char() == ';',
        TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
        _ => false,
    }
}

fn starts_item(tree: &TokenTree) -> bool {
    const ITEM_KEYWORDS: &[&str] = &[
        "pub", "impl", "struct", "enum", "type", "use", "const", "static", "fn", "mod", "trait",
    ];
    match tree {
        TokenTree::Punct(punct) => punct.as_char() == '#',
        TokenTree::Ident(ident) => ITEM_KEYWORDS.iter().any(|keyword| ident == keyword),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::separate::separate_items;
    use super::*;
    use quote::quote;

    fn trees(tokens: TokenStream) -> Vec<TokenTree> {
        tokens.into_iter().collect()
    }

    #[test]
    fn boundaries_fall_between_items_only() {
        let items = trees(quote! {
            const A: B = B { x: 1 };
            /// Doc.
            pub struct C { y: u8 }
            impl C { fn f() {} }
        });
        // `B { x: 1 }` is followed by `;`, not by an item: the first cut is after that `;`.
        let first = item_boundary_near(&items, 1).expect("a boundary");
        assert!(matches!(&items[first - 1], TokenTree::Punct(p) if p.as_char() == ';'));
        assert!(matches!(&items[first], TokenTree::Punct(p) if p.as_char() == '#'));
        let second = item_boundary_near(&items, first + 1).expect("a boundary");
        assert!(matches!(&items[second], TokenTree::Ident(i) if i == "impl"));
        assert_eq!(item_boundary_near(&items, second + 1), None);
    }

    #[test]
    fn stand_ins_print_as_prettyplease_prints_them() {
        let tokens = quote! {
            use a::b;
            oasgen_text!(0);
            oasgen_text!(1);
            pub struct X { y: u8 }
            // Attributes before a stand-in keep it with the items formatted around it.
            #[cfg(test)]
            oasgen_text!(2);
            const Y: X = X { y: 1 };
            oasgen_text!(3);
        };
        let texts: Vec<String> = (0..4).map(|n| format!("struct T{n};\n")).collect();
        // What printing it whole, then putting each text in its stand-in's line, gives.
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).expect("parses"));
        let spliced: String = whole
            .lines()
            .map(|line| {
                match line
                    .trim_start()
                    .strip_prefix("oasgen_text!(")
                    .and_then(|rest| rest.strip_suffix(");"))
                {
                    Some(number) => texts[number.parse::<usize>().expect("a number")].clone(),
                    None => format!("{line}\n"),
                }
            })
            .collect();
        assert!(spliced.contains("#[cfg(test)]\nstruct T2;\n"), "{spliced}");
        let mut out = Separated::new(None, 0);
        unparse_items(tokens.clone(), texts.clone(), &mut out).expect("formats");
        assert_eq!(out.finish(), separate_items(&spliced));
        // A stand-in whose text is missing is an error, not a line left behind.
        let mut out = Separated::new(None, 0);
        assert!(unparse_items(tokens.clone(), texts[..3].to_vec(), &mut out).is_err());
        // So is a stand-in met twice: its text was written, and let go, the first time.
        let twice: TokenStream = tokens.into_iter().chain(quote!(oasgen_text!(1);)).collect();
        let mut out = Separated::new(None, 0);
        assert!(unparse_items(twice, texts, &mut out).is_err());
    }

    #[test]
    fn two_halves_print_as_the_whole() {
        let item = quote! {
            /// A struct with a doc comment that says something.
            #[derive(Debug, Clone)]
            pub struct Thing { pub name: String, pub size: Option<u64> }
            impl Thing { pub fn new(name: String) -> Self { Self { name, size: None } } }
        };
        let many: TokenStream = (0..40).map(|_| item.clone()).collect();
        let whole = prettyplease::unparse(&syn::parse2(many.clone()).expect("parses"));
        assert_eq!(unparse_items_split_from(many, 10).expect("formats"), whole);
        // The tail formatted by another thread of the pool. Token streams cannot cross
        // threads: the item is given as text.
        let text = item.to_string();
        let on_pool = crate::deep_stack::run(|| {
            let item: TokenStream = text.parse().expect("tokens");
            let many: TokenStream = (0..40).map(|_| item.clone()).collect();
            unparse_items_split_from(many, 10).expect("formats")
        });
        assert_eq!(on_pool, whole);
    }
}
