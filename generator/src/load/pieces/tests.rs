use super::*;
use crate::load::cut::plan;
use crate::load::{MAX_YAML_DEPTH, limits, load_yaml_whole};

/// A block-style document with what makes cutting delicate: quoted and numeric keys, comments
/// and blank lines between entries, block scalars whose lines look like keys (one ending the
/// text), plain scalars over several lines, compact sequences, flow collections on one line,
/// `\r\n` line breaks.
const DOCUMENT: &str = concat!(
    "# leading comment\n",
    "openapi: 3.1.0\n",
    "info:\n",
    "  title: T\n",
    "  description: |\n",
    "    paths:\n",
    "      not: a key\n",
    "    # not a comment\n",
    "\n",
    "  version: '1'\n",
    "paths:\n",
    "  /a:\n",
    "    get:\n",
    "      summary: a plain scalar\n",
    "        over two lines\n",
    "      tags:\n",
    "      - one\n",
    "      - two\n",
    "  # a comment between entries\n",
    "\n",
    "  \"/b: quoted\":\n",
    "    post: {operationId: b, tags: [x, y]}\n",
    "  '/c':\r\n",
    "    put:\r\n",
    "      responses:\r\n",
    "        200:\r\n",
    "          description: >\r\n",
    "            folded\r\n",
    "components:\n",
    "  schemas:\n",
    "    A:\n",
    "      type: object\n",
    "    B:\n",
    "      type: string\n",
    "      enum:\n",
    "        - 'x'\n",
    "        - \"y\"\n",
    "    C: {type: integer}\n",
    "  parameters:\n",
    "    p:\n",
    "      name: p\n",
    "      in: query\n",
    "x-trailing: [1, 2.5, true, null, ~]\n",
    "x-last: |\n",
    "  kept final break\n",
);

/// The pointer of the first node where `a` and `b` differ (order of keys included), and both.
fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let xs: Vec<&String> = x.keys().collect();
            let ys: Vec<&String> = y.keys().collect();
            if xs != ys {
                return Some(format!("{at}: keys {xs:?} != {ys:?}"));
            }
            x.iter()
                .find_map(|(key, value)| difference(value, &y[key], &format!("{at}/{key}")))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(index, (x, y))| difference(x, y, &format!("{at}/{index}"))),
        _ => (a != b).then(|| format!("{at}: {a} != {b}")),
    }
}

fn whole(text: &str) -> Value {
    load_yaml_whole(text, limits(text, MAX_YAML_DEPTH)).expect("the text reads whole")
}

fn in_pieces(text: &str, target: usize) -> Option<Value> {
    load_in(text, limits(text, MAX_YAML_DEPTH), target)
}

fn chunks(text: &str, target: usize) -> usize {
    plan(text, limits(text, MAX_YAML_DEPTH), target).map_or(0, |(_, chunks)| chunks.len())
}

#[test]
fn cut_texts_read_as_they_read_whole() {
    let expected = whole(DOCUMENT);
    for target in [1, 10, 40, 100, 300, DOCUMENT.len()] {
        let value = in_pieces(DOCUMENT, target).expect("the document is cut");
        assert_eq!(difference(&value, &expected, ""), None, "target {target}");
    }
    // Cut as far as it goes, every mapping at every entry; what stays whole: `openapi` with
    // the comment before it, `info`'s 3 entries, `/a`'s `summary` and `tags`, `/b`'s `post`,
    // `/c`'s `description`, `A`'s `type`, `B`'s 2 entries, `C`, `p`'s 2 entries, and the two
    // last top-level entries.
    assert_eq!(chunks(DOCUMENT, 1), 16);
    assert_eq!(chunks(DOCUMENT, DOCUMENT.len()), 1);
}

#[test]
fn texts_that_are_not_plain_block_mappings_are_not_cut() {
    for text in [
        "a: &x {b: 1}\nc: *x\n",
        "---\na: 1\nb: 2\n",
        "a: 1\n...\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "  a: 1\n  b: 2\n",
        "- a\n- b\n",
        "{a: 1,\nb: 2}\n",
    ] {
        assert_eq!(chunks(text, 1), 0, "{text:?}");
    }
}

#[test]
fn lines_that_only_look_like_entries_fail_their_piece() {
    // A quoted scalar and a flow mapping over several lines, whose second line starts like a
    // key at the entries' indentation.
    for text in [
        "a: \"one\nb: two\"\nc: 3\n",
        "a: 'one\nb: two'\nc: 3\n",
        "a: {x: 1,\nb: 2}\nc: 3\n",
        "a: [1,\nb]\nc: 3\n",
        "p:\n  a: \"x\n  b: y\"\n  c: 1\n",
    ] {
        assert!(chunks(text, 1) > 1, "{text:?} is cut");
        assert_eq!(in_pieces(text, 1), None, "{text:?}");
        whole(text);
    }
}

#[test]
fn what_the_whole_read_refuses_is_left_to_it() {
    for text in [
        "a: 1\nb: 2\na: 3\n",
        "p:\n  a: 1\n  b: 2\n  a: 3\n",
        "a: !tag 1\nb: 2\n",
        "a: 1\nb: [unclosed\n",
    ] {
        assert!(chunks(text, 1) > 1, "{text:?} is cut");
        assert_eq!(in_pieces(text, 1), None, "{text:?}");
        assert!(
            load_yaml_whole(text, limits(text, MAX_YAML_DEPTH)).is_err(),
            "{text:?}"
        );
    }
}

#[test]
fn nesting_near_the_limit_is_left_to_the_whole_read() {
    let deep = format!(
        "a: 1\nb: {}{}\n",
        "[".repeat(MAX_YAML_DEPTH - 2),
        "]".repeat(MAX_YAML_DEPTH - 2)
    );
    assert_eq!(in_pieces(&deep, 1), None);
    whole(&deep);
}

#[test]
fn large_documents_read_the_same_through_load() {
    // Past the size pieces are tried at, with an entry the pieces fail on and one they do not.
    let entries: String = (0..6_000)
        .map(|n| format!("  /path{n}:\n    get:\n      description: entry {n} of many\n"))
        .collect();
    let good = format!("openapi: 3.1.0\npaths:\n{entries}");
    assert!(good.len() >= MIN_BYTES);
    assert!(chunks(&good, good.len() / PIECES) >= PIECES / 2);
    assert_eq!(crate::load::load(good.as_bytes()).ok(), Some(whole(&good)));
    let bad = format!("openapi: 3.1.0\npaths:\n{entries}  /q: \"open\n  /r: quote\"\n");
    assert_eq!(in_pieces(&bad, 1), None);
    assert_eq!(crate::load::load(bad.as_bytes()).ok(), Some(whole(&bad)));
    let duplicate = format!("openapi: 3.1.0\npaths:\n{entries}{entries}");
    let error = crate::load::load(duplicate.as_bytes()).unwrap_err();
    assert_eq!(error.location.pointer, "/paths/~1path0");
    assert_eq!(error.location.line_column, Some((18_003, 3)));
}

/// Every YAML spec the project reads, the corpus's and the giants' among them.
#[test]
fn every_yaml_spec_reads_the_same_in_pieces() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = Vec::new();
    for folder in [
        "../shared/corpus",
        "../shared/giants",
        "specs",
        "tests/fixtures",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                specs.push(path);
            }
        }
    }
    specs.sort();
    let mut cut = 0;
    for spec in &specs {
        let text = std::fs::read_to_string(spec).expect("readable spec");
        let Ok(expected) = load_yaml_whole(&text, limits(&text, MAX_YAML_DEPTH)) else {
            continue;
        };
        let target = (text.len() / PIECES).max(1);
        if let Some(value) = in_pieces(&text, target) {
            assert_eq!(
                difference(&value, &expected, ""),
                None,
                "{}",
                spec.display()
            );
            cut += 1;
        }
        if let Some(value) = in_pieces(&text, 1) {
            let found = difference(&value, &expected, "");
            assert_eq!(found, None, "{} cut at every entry", spec.display());
        }
    }
    assert!(cut >= 20, "only {cut} of {} specs were cut", specs.len());
}
