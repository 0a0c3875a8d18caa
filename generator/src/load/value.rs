//! Building a `serde_json::Value` from either parser, with the checks a hostile document needs.
//!
//! serde's own `Value` deserializer trusts its input: it recurses as deep as the text nests,
//! keeps the last of two equal keys, and expands every YAML alias into a fresh copy (an alias
//! bomb of a few hundred bytes asks for gigabytes). This builder is the one place all of that is
//! bounded, so every later stage can rely on it:
//!
//! - nesting depth (stack use of every recursive stage after this one is bounded by it);
//! - duplicate keys are an error, never "last one wins" (the two parsers' authors chose that
//!   silently; a spec author who wrote a key twice meant one of them and we cannot know which);
//! - string length;
//! - total size: every value costs 1 and every string its length, within a budget derived from
//!   the text's size. Text without aliases always fits; aliases may add a bounded allowance.
//!
//! When the build fails, the builder records where (as JSON pointer tokens gathered while the
//! error unwinds) and, for its own checks, what; the parser supplies the line and column.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The bounds one document is read within.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// Most arrays/objects nested in one another.
    pub max_depth: usize,
    /// Longest string value or key, in bytes.
    pub max_string: usize,
    /// Total cost of all values (1 each, plus the bytes of every string).
    pub budget: usize,
}

/// Where the build failed, and why when one of our checks failed (otherwise the parser knows).
#[derive(Debug)]
pub(super) struct Problem {
    /// What is wrong, when a check of ours found it.
    pub message: Option<String>,
    /// JSON pointer tokens, innermost first (they are collected while the error unwinds).
    tokens_reversed: Vec<String>,
}

impl Problem {
    /// The RFC 6901 pointer of the offending node.
    pub fn pointer(&self) -> String {
        self.tokens_reversed
            .iter()
            .rev()
            .fold(String::new(), |pointer, token| {
                crate::diagnostics::pointer_push(&pointer, token)
            })
    }
}

/// Shared state of one build: the remaining budget and the first problem found.
pub(super) struct Builder {
    limits: Limits,
    budget_left: Cell<usize>,
    problem: RefCell<Option<Problem>>,
}

impl Builder {
    pub fn new(limits: Limits) -> Self {
        Builder {
            limits,
            budget_left: Cell::new(limits.budget),
            problem: RefCell::new(None),
        }
    }

    /// The seed for the whole document.
    pub fn root(&self) -> NodeSeed<'_> {
        NodeSeed {
            builder: self,
            depth: 0,
        }
    }

    /// The seed for a mapping `depth` levels into the document (a piece of it read alone).
    pub fn at_depth(&self, depth: usize) -> NodeSeed<'_> {
        NodeSeed {
            builder: self,
            depth,
        }
    }

    /// How much of the budget the values built so far cost.
    pub fn spent(&self) -> usize {
        self.limits.budget - self.budget_left.get()
    }

    /// Where the build stopped (and why, if one of our checks stopped it).
    pub fn into_problem(self) -> Option<Problem> {
        self.problem.into_inner()
    }

    /// Records a problem found at the node being built; returns the error to unwind with.
    fn fail<E: de::Error>(&self, message: String, token: Option<String>) -> E {
        let error = E::custom(&message);
        let mut slot = self.problem.borrow_mut();
        if slot.is_none() {
            *slot = Some(Problem {
                message: Some(message),
                tokens_reversed: token.into_iter().collect(),
            });
        }
        error
    }

    /// Notes, while an error unwinds through a parent, the child it came from (`None`: a key),
    /// so the failure's pointer is known whoever raised it.
    fn unwinding_through(&self, token: Option<String>) {
        let mut slot = self.problem.borrow_mut();
        let problem = slot.get_or_insert_with(|| Problem {
            message: None,
            tokens_reversed: Vec::new(),
        });
        problem.tokens_reversed.extend(token);
    }

    fn charge<E: de::Error>(&self, cost: usize) -> Result<(), E> {
        match self.budget_left.get().checked_sub(cost) {
            Some(left) => {
                self.budget_left.set(left);
                Ok(())
            }
            None => Err(self.fail(
                "YAML aliases expand the document beyond twice its size plus 1 MiB (an alias bomb?)"
                    .to_string(),
                None,
            )),
        }
    }

    fn check_string<E: de::Error>(&self, text: &str, token: Option<String>) -> Result<(), E> {
        if text.len() > self.limits.max_string {
            return Err(self.fail(
                format!(
                    "a string of {} bytes is longer than the limit of {} bytes",
                    text.len(),
                    self.limits.max_string
                ),
                token,
            ));
        }
        self.charge(1 + text.len())
    }
}

/// Deserializes one node at a given depth.
pub(super) struct NodeSeed<'b> {
    builder: &'b Builder,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value (null, boolean, number, string, array or object)")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        self.builder.charge(1)?;
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        self.builder.charge(1)?;
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        self.builder.charge(1)?;
        Ok(Value::Number(value.into()))
    }

    /// YAML reads integers up to 128 bits; beyond 64, a JSON value holds the nearest float,
    /// as serde_json reads such a number in JSON text (OpenAI's spec writes
    /// `minimum: -9223372036854776000`). `lower` warns where the value bounds an integer.
    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        self.visit_f64(value as f64)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        self.visit_f64(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        self.builder.charge(1)?;
        // JSON has no NaN or infinity (YAML's `.nan`, `.inf`): read them as null, as serde_json's
        // own `Value` does.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.builder.check_string(value, None)?;
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        self.builder.check_string(&value, None)?;
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.builder.charge(1)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // serde_norway reads a YAML tag (`!Secret x`) as an enum variant.
        let (tag, _) = data.variant::<String>()?;
        Err(self.builder.fail(
            format!("YAML tags such as `!{tag}` are not supported: a spec is plain JSON data"),
            None,
        ))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            let child = NodeSeed {
                builder: self.builder,
                depth: self.depth + 1,
            };
            match seq.next_element_seed(child) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => break,
                Err(error) => {
                    self.builder
                        .unwinding_through(Some(items.len().to_string()));
                    return Err(error);
                }
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut map = Map::new();
        loop {
            let key_seed = KeySeed {
                builder: self.builder,
                siblings: &map,
            };
            let key = match access.next_key_seed(key_seed) {
                Ok(Some(key)) => key,
                Ok(None) => break,
                Err(error) => {
                    self.builder.unwinding_through(None);
                    return Err(error);
                }
            };
            let child = NodeSeed {
                builder: self.builder,
                depth: self.depth + 1,
            };
            match access.next_value_seed(child) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(error) => {
                    self.builder.unwinding_through(Some(key));
                    return Err(error);
                }
            }
        }
        Ok(Value::Object(map))
    }
}

impl NodeSeed<'_> {
    /// Checks depth and pays for an array or object about to be built.
    fn enter<E: de::Error>(&self) -> Result<(), E> {
        if self.depth >= self.builder.limits.max_depth {
            return Err(self.builder.fail(
                format!(
                    "arrays and objects nest deeper than {} levels",
                    self.builder.limits.max_depth
                ),
                None,
            ));
        }
        self.builder.charge(1)
    }
}

/// Deserializes a mapping key as a string (YAML's `200:` is the key "200", as OpenAPI means
/// it), refusing one its object already has.
struct KeySeed<'b, 'm> {
    builder: &'b Builder,
    siblings: &'m Map<String, Value>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        self.builder.check_string(key, Some(key.to_string()))?;
        if self.siblings.contains_key(key) {
            return Err(self.builder.fail(
                format!(
                    "duplicate key `{key}` (oasgen does not guess which of the two values was meant)"
                ),
                Some(key.to_string()),
            ));
        }
        Ok(key.to_string())
    }

    fn visit_bool<E: de::Error>(self, key: bool) -> Result<String, E> {
        self.visit_str(&key.to_string())
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<String, E> {
        self.visit_str(&key.to_string())
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<String, E> {
        self.visit_str(&key.to_string())
    }

    fn visit_f64<E: de::Error>(self, key: f64) -> Result<String, E> {
        self.visit_str(&key.to_string())
    }
}
