//! One fuzz case: a seed, mutated, serialized as JSON or YAML.
//!
//! A case depends only on the run's seed, its index and the seed files, never on earlier
//! cases, so `--seed S` replays the same sequence and any single case can be regenerated.

use serde_json::Value;

use crate::rng::Rng;
use crate::seeds::Seed;
use crate::{bytes, mutate};

/// How a case's text was written (and which extension its crash file gets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, compact or pretty.
    Json,
    /// YAML (serde_norway).
    Yaml,
}

impl Format {
    /// The file extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }

    /// The format a text will be read as: oasgen reads JSON when the first significant
    /// character is `{`, else YAML.
    pub fn of_text(text: &[u8]) -> Format {
        match text.iter().find(|byte| !byte.is_ascii_whitespace()) {
            Some(b'{') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// A generated input and how it was made.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its index in the run.
    pub index: u64,
    /// The seed it started from.
    pub seed_name: String,
    /// The mutations applied, in order.
    pub mutations: Vec<&'static str>,
    /// How it was serialized.
    pub format: Format,
    /// The bytes handed to `oasgen::lower_bytes`.
    pub input: Vec<u8>,
}

/// Seeds larger than this are picked less often: the largest (1.2 MB) take ~100× longer per
/// case than the fixtures, and most lowering bugs show on small documents.
const LARGE_SEED: usize = 64 * 1024;

/// Generates case `index` of the run seeded with `run_seed`; `None` without seeds.
pub fn generate(seeds: &[Seed], run_seed: u64, index: u64) -> Option<Case> {
    let mut rng = Rng::for_case(run_seed, index);
    let seed = pick_seed(seeds, &mut rng)?;
    let mut mutations = Vec::new();
    let (mut input, format) = if rng.chance(8) {
        // The original text keeps what re-serializing loses: comments, anchors, flow style.
        (seed.text.clone(), Format::of_text(&seed.text))
    } else {
        let mut document = seed.value.clone();
        let count = 1 + rng.below(3) + if rng.chance(30) { rng.below(6) } else { 0 };
        for _ in 0..count {
            if let Some(name) = mutate::mutate(&mut document, &mut rng) {
                mutations.push(name);
            }
        }
        serialize(&document, &mut rng)
    };
    if mutations.is_empty() || rng.chance(15) {
        for _ in 0..1 + rng.below(3) {
            mutations.push(bytes::mutate(&mut input, &mut rng));
        }
    }
    Some(Case {
        index,
        seed_name: seed.name.clone(),
        mutations,
        format,
        input,
    })
}

/// A seed: mostly a small one, sometimes any (see [`LARGE_SEED`]).
fn pick_seed<'a>(seeds: &'a [Seed], rng: &mut Rng) -> Option<&'a Seed> {
    if rng.chance(85) {
        let small: Vec<&Seed> = seeds
            .iter()
            .filter(|seed| seed.text.len() <= LARGE_SEED)
            .collect();
        if let Some(seed) = rng.pick(&small) {
            return Some(seed);
        }
    }
    rng.pick(seeds)
}

/// Writes the document as compact JSON, pretty JSON or YAML.
fn serialize(document: &Value, rng: &mut Rng) -> (Vec<u8>, Format) {
    match rng.below(4) {
        0 => (
            serde_json::to_vec(document).unwrap_or_default(),
            Format::Json,
        ),
        1 => (
            serde_json::to_vec_pretty(document).unwrap_or_default(),
            Format::Json,
        ),
        _ => match serde_norway::to_string(document) {
            Ok(text) => (text.into_bytes(), Format::Yaml),
            // serde_norway refuses nothing a JSON value can hold today; JSON is the fallback
            // should that change.
            Err(_) => (
                serde_json::to_vec(document).unwrap_or_default(),
                Format::Json,
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn seeds() -> Vec<Seed> {
        let value = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"type": "string"}}}}}});
        vec![Seed {
            name: "a.json".into(),
            text: serde_json::to_vec(&value).unwrap_or_default(),
            value,
        }]
    }

    #[test]
    fn a_case_is_a_function_of_seed_and_index() {
        let seeds = seeds();
        let first = generate(&seeds, 9, 3).expect("a case");
        let again = generate(&seeds, 9, 3).expect("a case");
        assert_eq!(
            (first.input, first.mutations),
            (again.input, again.mutations)
        );
        let inputs: std::collections::HashSet<Vec<u8>> = (0..50)
            .filter_map(|index| generate(&seeds, 9, index))
            .map(|case| case.input)
            .collect();
        assert!(inputs.len() > 40, "{} distinct inputs", inputs.len());
        assert!(generate(&[], 9, 3).is_none());
    }

    #[test]
    fn every_case_is_mutated_and_both_formats_occur() {
        let seeds = seeds();
        let cases: Vec<Case> = (0..100)
            .filter_map(|index| generate(&seeds, 1, index))
            .collect();
        assert!(cases.iter().all(|case| !case.mutations.is_empty()));
        assert!(cases.iter().any(|case| case.format == Format::Json));
        assert!(cases.iter().any(|case| case.format == Format::Yaml));
    }

    #[test]
    fn format_follows_the_loader_rule() {
        assert_eq!(Format::of_text(b"  {\"a\": 1}"), Format::Json);
        assert_eq!(Format::of_text(b"a: 1"), Format::Yaml);
        assert_eq!(Format::of_text(b""), Format::Yaml);
    }
}
