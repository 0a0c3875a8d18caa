//! The former YAML seeker: the reference the tests hold the event walk to, and the fallback for
//! the few texts libyaml reads and the YAML 1.2 event parser refuses. It asks serde_norway
//! (libyaml) itself where a node is, so its positions are libyaml's by definition.
//!
//! serde_norway attaches to an error the position of the node being deserialized when it was
//! raised. So a visitor that walks down the pointer and raises an error at the node it ends on
//! (or at the deepest node that has no next step) learns that node's line and column. One error
//! ends a parse: one parse per pointer, which is why it is only the fallback.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The 1-based line and column of the node `tokens` lead to, or of the deepest one there is.
pub(super) fn line_column_of(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
    let error = Seek { tokens }
        .deserialize(serde_norway::Deserializer::from_str(text))
        .err()?;
    let location = error.location()?;
    Some((location.line(), location.column()))
}

/// The message of the error that carries the position; never shown.
const HERE: &str = "here";

/// Descends along `tokens`; raises an error at the node where the descent ends.
struct Seek<'t> {
    tokens: &'t [String],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Err(de::Error::custom(HERE));
        };
        let Ok(index) = first.parse::<usize>() else {
            return Err(de::Error::custom(HERE));
        };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom(HERE));
            }
        }
        seq.next_element_seed(Seek { tokens: rest })?;
        Err(de::Error::custom(HERE))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Err(de::Error::custom(HERE));
        };
        while let Some(key) = map.next_key::<Key>()? {
            if key.0.as_deref() == Some(first.as_str()) {
                map.next_value_seed(Seek { tokens: rest })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Err(de::Error::custom(HERE))
    }
}

/// A mapping key as the loader reads it (scalars as text); `None` for a complex key.
struct Key(Option<String>);

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// Reads a [`Key`].
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, key: bool) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_f64<E: de::Error>(self, key: f64) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(Key(Some(key.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Key(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Key(None))
    }
}

/// The event walk against this seeker, on every node of documents written to exercise what
/// YAML can say (and on a missing member and item below each, which find that node).
#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::line_column_of;
    use crate::diagnostics::pointer_push;
    use crate::locate::{pointer_tokens, yaml};

    /// Block style: empty values and items, comments, quoted and explicit keys, block scalars,
    /// anchors and aliases (of aliases, and as a key), multi-byte characters.
    const BLOCK: &str = r#"# a comment
openapi: 3.1.0
info:
  title: "Tëst ☃ — ünïcode"
  description: >
    folded
    text
  version: '1'
empty:
empty_commented:   # nothing here
nested:
  inner:
  last:
seq:
  -
  - x
  -   # nothing
  - - deep
    -
  - k: v
    k2:
indentless:
- a
-
- b:
"quoted key": 1
'single ''quoted''': 2
"esc\u00e9/~": {x: 1}
multi: |
  line one
  line two
after_block: ok
? explicit
: value
? explicit_empty
anchored: &anc
  inner: 1
  list: [1, 2]
alias: *anc
scalar_anchor: &s hello
scalar_alias: *s
*s : aliased key
outer: &outer {x: *anc, y: [*s]}
twice: *outer
"#;

    /// Flow style: empty values before `,` `}` `]` (on the next line too), keys without values,
    /// single-pair mappings in sequences, JSON-like keys.
    const FLOW: &str = r#"flow: {a: 1, b: , c: {d: , e: [1, 2]}, f: [g: , h: 1], i, j: [ ], k: {}}
flow2: {
  x: ,   # comment
  y: "q",
  z:
}
flow3: [a: , 'b': c, [nested, {deep: }]]
json: {"a":1, "b" : [true, null], "c":{}}
"#;

    /// Where the two parsers' tokens differ most: block scalars of every header, sequences
    /// without indentation (nested, starting empty, anchored), explicit keys, empty values before
    /// comments, aliases of sequences, an explicit document start.
    const EDGES: &str = r#"# leading comment
--- # document
blocks:
  literal: |+

    kept

  folded: >-   # header comment
    one
    two
  indented: |2
      deeper
  items:
  - |
    first
  - >
    second
  -   |
    third
? explicit
: |
  block value
indentless:
- - a
  - b
- c
starts_empty:
-
- b
anchored_list: &list
- x
- y
list_alias: *list
anchored_empty: &nothing
empty_alias: *nothing
before_comment:
# a comment line
after_comment: 1
plain: multi
  line plain
quoted: "multi
  line ✓ quoted"
flows: [{a: }, {b: , }, [c, {d: }]]
unicode_ключ: значение
"#;

    /// Every node's pointer, and a missing member and item below each.
    fn all_pointers(value: &Value, pointer: String, into: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    all_pointers(member, pointer_push(&pointer, key), into);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    all_pointers(item, pointer_push(&pointer, &index.to_string()), into);
                }
            }
            _ => {}
        }
        into.push(format!("{pointer}/missing"));
        into.push(format!("{pointer}/9"));
        into.push(pointer);
    }

    /// The walk finds, for all pointers at once, what this seeker finds for each alone.
    fn assert_walk_agrees(text: &str) {
        let value = crate::load::load(text.as_bytes()).expect("the fixture loads");
        let mut pointers = Vec::new();
        all_pointers(&value, String::new(), &mut pointers);
        let tokens: Vec<Vec<String>> = pointers.iter().map(|p| pointer_tokens(p)).collect();
        let walked = yaml::line_columns(text, &tokens).expect("the event parser reads it");
        let differences: Vec<String> = pointers
            .iter()
            .zip(&tokens)
            .zip(walked)
            .filter_map(|((pointer, tokens), walked)| {
                let seeked = line_column_of(text, tokens);
                (walked != seeked).then(|| format!("{pointer:?}: {walked:?}, libyaml {seeked:?}"))
            })
            .collect();
        assert!(differences.is_empty(), "{differences:#?}");
    }

    #[test]
    fn block_yaml_is_located_as_libyaml_locates_it() {
        assert_walk_agrees(BLOCK);
    }

    #[test]
    fn flow_yaml_is_located_as_libyaml_locates_it() {
        assert_walk_agrees(FLOW);
    }

    #[test]
    fn tokens_saphyr_places_elsewhere_are_located_as_libyaml_locates_them() {
        assert_walk_agrees(EDGES);
        assert_walk_agrees(&EDGES.replace('\n', "\r\n"));
    }

    #[test]
    fn line_breaks_are_counted_as_libyaml_counts_them() {
        assert_walk_agrees("a: 1\r\nb:\r\n  c: 2\r\nd: [x, y]\r\n");
        assert_walk_agrees("a: 1\rb:\r  c: 2\r");
        assert_walk_agrees("a: \"x\u{85}y\u{2028}z\"\nb: [1, 2]\n");
    }
}
