//! Union enums: variants matched by the tag value that selects them (by name when untagged),
//! then their payloads compared.

use super::change::ChangeKind;
use super::context::{Differ, Found, type_text};
use super::members::{Owner, compare_fallback, compare_struct};
use super::rules::{Roles, Rule};
use crate::ir::{Tagging, Union, UnionVariant, VariantPayload};

/// What identifies a variant on the wire: its first tag value, else (untagged) its name.
fn key(tagging: &Tagging, variant: &UnionVariant) -> String {
    match (tagging, variant.tag_values.first()) {
        (Tagging::Untagged, _) | (_, None) => variant.name.clone(),
        (_, Some(tag)) => format!("tag \"{tag}\""),
    }
}

/// A variant, in a few words: the tag that selects it, else what it holds.
fn variant_detail(tagging: &Tagging, variant: &UnionVariant) -> String {
    match (tagging, variant.tag_values.first()) {
        (Tagging::Untagged, _) | (_, None) => format!("holding {}", payload_text(&variant.payload)),
        (_, Some(tag)) => format!("tag \"{tag}\""),
    }
}

/// The tagging, in a few words.
fn tagging_text(tagging: &Tagging) -> String {
    match tagging {
        Tagging::Internal { tag, .. } => format!("tagged by `{tag}`"),
        Tagging::Adjacent { tag, content } => format!("tagged by `{tag}`, content in `{content}`"),
        Tagging::Untagged => "untagged".to_string(),
    }
}

/// Tagging, variants and their payloads, and the fallback variant.
pub(crate) fn compare_union(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &Union,
    new: &Union,
    roles: Roles,
) {
    let pointers = (
        differ.old.type_def(owner.old_type),
        differ.new.type_def(owner.new_type),
    );
    let here = |kind: ChangeKind, subject: String, detail: String| {
        Found::new(subject, kind, detail).at(pointers.0.clone(), pointers.1.clone())
    };
    if old.tagging != new.tagging {
        let detail = format!(
            "{} → {}",
            tagging_text(&old.tagging),
            tagging_text(&new.tagging)
        );
        differ.record(
            here(ChangeKind::Changed, owner.subject.clone(), detail),
            Rule::Retyped,
            roles,
        );
        return;
    }
    for variant in &new.variants {
        let subject = format!("{}::{}", owner.subject, variant.name);
        let wanted = key(&new.tagging, variant);
        // The tagging is the same on both sides here.
        match old
            .variants
            .iter()
            .find(|old_variant| key(&old.tagging, old_variant) == wanted)
        {
            Some(old_variant) => compare_variant(differ, owner, old_variant, variant, roles),
            None => {
                let detail = variant_detail(&new.tagging, variant);
                let found = here(ChangeKind::Added, subject, detail).at(None, pointers.1.clone());
                differ.record(found, Rule::ChoiceAdded, roles);
            }
        }
    }
    for variant in &old.variants {
        let wanted = key(&old.tagging, variant);
        if new
            .variants
            .iter()
            .all(|new_variant| key(&new.tagging, new_variant) != wanted)
        {
            let subject = format!("{}::{}", owner.subject, variant.name);
            let detail = variant_detail(&old.tagging, variant);
            let found = here(ChangeKind::Removed, subject, detail).at(pointers.0.clone(), None);
            differ.record(found, Rule::Removed, roles);
        }
    }
    compare_fallback(
        differ,
        owner,
        old.fallback.as_deref(),
        new.fallback.as_deref(),
        roles,
    );
}

/// One variant present on both sides: its name, tag values and payload.
fn compare_variant(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &UnionVariant,
    new: &UnionVariant,
    roles: Roles,
) {
    let pointers = (
        differ.old.type_def(owner.old_type),
        differ.new.type_def(owner.new_type),
    );
    let subject = format!("{}::{}", owner.subject, new.name);
    let here = |kind: ChangeKind, detail: String| {
        Found::new(subject.clone(), kind, detail).at(pointers.0.clone(), pointers.1.clone())
    };
    if old.name != new.name {
        let from = format!("{}::{}", owner.subject, old.name);
        let detail = match new.tag_values.first() {
            Some(tag) => format!("tag \"{tag}\" kept"),
            None => "same variant".to_string(),
        };
        differ.record(
            here(ChangeKind::Renamed { from }, detail),
            Rule::Renamed,
            roles,
        );
    }
    if old.tag_values != new.tag_values {
        let detail = format!("tags {:?} → {:?}", old.tag_values, new.tag_values);
        let dropped = old
            .tag_values
            .iter()
            .any(|tag| !new.tag_values.contains(tag));
        let rule = if dropped {
            Rule::Removed
        } else {
            Rule::TagAdded
        };
        differ.record(here(ChangeKind::Changed, detail), rule, roles);
    }
    if new.deprecated && !old.deprecated {
        differ.record(
            here(ChangeKind::Changed, "deprecated".into()),
            Rule::Deprecated,
            roles,
        );
    }
    match (&old.payload, &new.payload) {
        (VariantPayload::Value(a, _), VariantPayload::Value(b, _)) => {
            differ.compare_types(here(ChangeKind::Changed, String::new()), a, b, roles);
        }
        (VariantPayload::Fields(a), VariantPayload::Fields(b)) => {
            let fields_owner = Owner {
                subject: subject.clone(),
                old_type: owner.old_type,
                new_type: owner.new_type,
            };
            compare_struct(differ, &fields_owner, a, b, roles);
        }
        (VariantPayload::Unit, VariantPayload::Unit) => {}
        (a, b) => {
            let detail = format!("payload {} → {}", payload_text(a), payload_text(b));
            differ.record(here(ChangeKind::Changed, detail), Rule::Retyped, roles);
        }
    }
}

/// A payload, in a few words.
fn payload_text(payload: &VariantPayload) -> String {
    match payload {
        VariantPayload::Value(ty, _) => format!("`({})`", type_text(ty)),
        VariantPayload::Fields(_) => "`{ fields }`".to_string(),
        VariantPayload::Unit => "none".to_string(),
    }
}
