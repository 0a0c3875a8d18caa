//! A one-line edit of a YAML spec's text: the smallest change a spec gets (a property's
//! description reworded), for timing what such a change costs the re-check of its crate.
//!
//! It works on the text rather than parsing and re-serialising the YAML, so every other line
//! stays byte for byte what it was and the generated crate changes by the one doc line alone.

/// `text` with the first one-line `description:` among the properties of the component schema
/// `schema` (`components: schemas: <schema>: properties:`) set to `replacement`, a plain YAML
/// scalar on one line. Every other line and every line ending is kept.
pub fn replace_property_description(
    text: &str,
    schema: &str,
    replacement: &str,
) -> Result<String, String> {
    // A plain scalar with `: ` or ` #` in it would no longer mean the same text, and a line
    // break would make it two lines.
    if replacement.contains(": ") || replacement.contains(" #") || replacement.contains('\n') {
        return Err(format!(
            "`{replacement}` is not a one-line plain YAML scalar"
        ));
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let components = lines
        .iter()
        .position(|line| line.trim_end() == "components:")
        .ok_or("the spec has no top-level `components:`")?;
    let schemas = child(&lines, components, "schemas").ok_or("no `components: schemas:`")?;
    let named = child(&lines, schemas, schema).ok_or_else(|| format!("no schema `{schema}`"))?;
    let properties = child(&lines, named, "properties")
        .ok_or_else(|| format!("`{schema}` has no properties"))?;
    let found = block(&lines, properties)
        .find(|&index| is_one_line_description(&lines, index))
        .ok_or_else(|| format!("no one-line property description in `{schema}`"))?;
    let line = lines[found];
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    let indent = &body[..indentation(body)];
    let edited = format!("{indent}description: {replacement}{ending}");
    if edited == line {
        return Err(format!("the description already says `{replacement}`"));
    }
    let mut result = String::with_capacity(text.len() + replacement.len());
    for (index, line) in lines.iter().enumerate() {
        result.push_str(if index == found { &edited } else { line });
    }
    Ok(result)
}

/// The line of `key:` among the direct children of the mapping at line `parent`.
fn child(lines: &[&str], parent: usize, key: &str) -> Option<usize> {
    let mut indices = block(lines, parent);
    let first = indices.next()?;
    let depth = indentation(lines[first]);
    std::iter::once(first).chain(indices).find(|&index| {
        let line = lines[index];
        indentation(line) == depth && line.trim() == format!("{key}:")
    })
}

/// The non-blank lines nested under line `parent`: those after it, up to the first that is
/// indented no deeper.
fn block<'a>(lines: &'a [&str], parent: usize) -> impl Iterator<Item = usize> + 'a {
    let depth = indentation(lines[parent]);
    (parent + 1..lines.len())
        .filter(|&index| !lines[index].trim().is_empty())
        .take_while(move |&index| indentation(lines[index]) > depth)
}

/// Whether line `index` is `description: <text>` with all its text on that line: neither a
/// block scalar (`>-`, `|`) nor a plain or quoted one continued on deeper-indented lines.
fn is_one_line_description(lines: &[&str], index: usize) -> bool {
    let line = lines[index];
    let Some(value) = line.trim().strip_prefix("description: ") else {
        return false;
    };
    let continued = lines[index + 1..]
        .iter()
        .find(|next| !next.trim().is_empty())
        .is_some_and(|next| indentation(next) > indentation(line));
    !value.starts_with(['>', '|']) && !continued
}

/// The leading spaces of `line`.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "components:\n  schemas:\n    charge:\n      properties:\n        \
        amount:\n          description: Charged.\n    payment_intent:\n      description: >-\n        \
        A PaymentIntent.\n      properties:\n        amount:\n          description: >-\n            \
        Amount intended\n            to be collected.\n          type: integer\n        \
        canceled_at:\n          description: Cancelled\n            at this time.\n        \
        amount_capturable:\n          description: Amount that can be captured.\n          \
        type: integer\n        currency:\n          description: Three letters.\npaths: {}\n";

    #[test]
    fn replaces_the_first_one_line_property_description_of_the_schema() {
        let edited = replace_property_description(SPEC, "payment_intent", "Reworded.")
            .expect("the schema has a one-line description");
        let changed: Vec<(&str, &str)> = SPEC
            .lines()
            .zip(edited.lines())
            .filter(|(before, after)| before != after)
            .collect();
        assert_eq!(
            changed,
            [(
                "          description: Amount that can be captured.",
                "          description: Reworded."
            )]
        );
        assert_eq!(SPEC.lines().count(), edited.lines().count());
        assert!(edited.ends_with("paths: {}\n"));
    }

    #[test]
    fn keeps_windows_line_endings() {
        let spec = SPEC.replace('\n', "\r\n");
        let edited = replace_property_description(&spec, "payment_intent", "Reworded.")
            .expect("the schema has a one-line description");
        assert!(edited.contains("          description: Reworded.\r\n          type: integer"));
        assert_eq!(edited.matches('\n').count(), edited.matches("\r\n").count());
    }

    #[test]
    fn refuses_what_it_cannot_do() {
        assert!(replace_property_description(SPEC, "refund", "Reworded.").is_err());
        assert!(replace_property_description(SPEC, "payment_intent", "a: b").is_err());
        assert!(
            replace_property_description(SPEC, "payment_intent", "Amount that can be captured.")
                .is_err()
        );
        assert!(replace_property_description("paths: {}\n", "charge", "Reworded.").is_err());
    }
}
