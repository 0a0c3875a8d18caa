//! What changed in a value's assertions (bounds, lengths, patterns), and whether every change
//! only admits more values (then no request valid before is refused).

use crate::ir::{Bound, Constraints};

/// The changes, and whether any of them may refuse a value accepted before.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct AssertionChange {
    /// `maxLength 1024 → 260`, one per assertion that changed.
    pub parts: Vec<String>,
    /// Whether some change admits fewer values (or cannot be told: another pattern).
    pub tightened: bool,
}

impl AssertionChange {
    /// `minLength none → 1, maxLength 10 → 20`.
    pub fn detail(&self) -> String {
        format!("assertions: {}", self.parts.join(", "))
    }
}

/// The change from `old` to `new`, `None` when they are the same.
pub(crate) fn compare(old: &Constraints, new: &Constraints) -> Option<AssertionChange> {
    if old == new {
        return None;
    }
    let mut change = AssertionChange::default();
    collect(&mut change, "", old, new);
    Some(change)
}

fn collect(change: &mut AssertionChange, prefix: &str, old: &Constraints, new: &Constraints) {
    collect_counts(change, prefix, old, new);
    collect_bounds(change, prefix, old, new);
    let pattern = |p: &Option<String>| p.as_ref().map(|p| Quoted(p.clone()));
    note(
        change,
        prefix,
        "pattern",
        pattern(&old.pattern),
        pattern(&new.pattern),
        |_, _| false,
    );
    note(
        change,
        prefix,
        "multipleOf",
        old.multiple_of.map(Float),
        new.multiple_of.map(Float),
        |_, _| false,
    );
    if old.unique_items != new.unique_items {
        change.parts.push(format!(
            "{prefix}uniqueItems {} → {}",
            old.unique_items, new.unique_items
        ));
        change.tightened |= new.unique_items;
    }
    let empty = Constraints::default();
    for (name, old_inner, new_inner) in [
        ("items", &old.items, &new.items),
        ("values", &old.values, &new.values),
    ] {
        let (old_inner, new_inner) = (
            old_inner.as_deref().unwrap_or(&empty),
            new_inner.as_deref().unwrap_or(&empty),
        );
        if old_inner != new_inner {
            collect(change, &format!("{prefix}{name}: "), old_inner, new_inner);
        }
    }
}

/// The length and count bounds (`minLength` … `maxProperties`): a lower minimum or a higher
/// maximum is looser.
fn collect_counts(
    change: &mut AssertionChange,
    prefix: &str,
    old: &Constraints,
    new: &Constraints,
) {
    let counts = [
        ("minLength", old.min_length, new.min_length, true),
        ("maxLength", old.max_length, new.max_length, false),
        ("minItems", old.min_items, new.min_items, true),
        ("maxItems", old.max_items, new.max_items, false),
        (
            "minProperties",
            old.min_properties,
            new.min_properties,
            true,
        ),
        (
            "maxProperties",
            old.max_properties,
            new.max_properties,
            false,
        ),
    ];
    for (name, old_value, new_value, is_lower) in counts {
        let looser = |old: &u64, new: &u64| if is_lower { new < old } else { new > old };
        note(change, prefix, name, old_value, new_value, looser);
    }
}

/// `minimum` and `maximum`: a wider bound, or the same one no longer exclusive, is looser.
fn collect_bounds(
    change: &mut AssertionChange,
    prefix: &str,
    old: &Constraints,
    new: &Constraints,
) {
    let bound_looser = |is_lower: bool| {
        move |old: &Bound, new: &Bound| {
            let wider = if is_lower {
                new.value < old.value
            } else {
                new.value > old.value
            };
            wider || (new.value == old.value && old.exclusive && !new.exclusive)
        }
    };
    note(
        change,
        prefix,
        "minimum",
        old.minimum.map(Shown),
        new.minimum.map(Shown),
        |a, b| bound_looser(true)(&a.0, &b.0),
    );
    note(
        change,
        prefix,
        "maximum",
        old.maximum.map(Shown),
        new.maximum.map(Shown),
        |a, b| bound_looser(false)(&a.0, &b.0),
    );
}

/// Records one assertion's change: added (tighter), removed (looser), or a new value, looser
/// when `looser(old, new)` says so.
fn note<T: PartialEq + std::fmt::Display>(
    change: &mut AssertionChange,
    prefix: &str,
    name: &str,
    old: Option<T>,
    new: Option<T>,
    looser: impl Fn(&T, &T) -> bool,
) {
    if old == new {
        return;
    }
    let shown = |value: &Option<T>| {
        value
            .as_ref()
            .map_or_else(|| "none".to_string(), T::to_string)
    };
    change
        .parts
        .push(format!("{prefix}{name} {} → {}", shown(&old), shown(&new)));
    change.tightened |= match (&old, &new) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(old), Some(new)) => !looser(old, new),
    };
}

/// A bound as the spec writes it (`> 0` for an exclusive one).
#[derive(PartialEq)]
struct Shown(Bound);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let exclusive = if self.0.exclusive { " (exclusive)" } else { "" };
        write!(f, "{}{exclusive}", self.0.value)
    }
}

/// A float.
#[derive(PartialEq)]
struct Float(f64);

impl std::fmt::Display for Float {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A pattern, quoted.
#[derive(PartialEq)]
struct Quoted(String);

impl std::fmt::Display for Quoted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wider_bound_is_looser_and_a_new_one_tighter() {
        let old = Constraints {
            max_length: Some(10),
            ..Constraints::default()
        };
        let wider = Constraints {
            max_length: Some(20),
            ..Constraints::default()
        };
        let change = compare(&old, &wider).expect("a change");
        assert_eq!(change.parts, ["maxLength 10 → 20"]);
        assert!(!change.tightened);
        let with_minimum = Constraints {
            min_length: Some(1),
            ..old.clone()
        };
        let change = compare(&old, &with_minimum).expect("a change");
        assert_eq!(change.parts, ["minLength none → 1"]);
        assert!(change.tightened);
        assert_eq!(compare(&old, &old), None);
    }
}
