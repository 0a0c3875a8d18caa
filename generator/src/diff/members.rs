//! Members of a named type: a struct's fields and a plain enum's values, each matched by its
//! wire name, so a new Rust name for the same wire name is a rename.

use super::change::ChangeKind;
use super::context::{Differ, Found};
use super::rules::{Roles, Rule};
use crate::ir::{Field, IntegerEnum, StringEnum, Struct, TypeRef};

/// The type whose members are compared: its Rust path in the report, and its names in each
/// spec (for pointers).
pub(crate) struct Owner<'a> {
    /// `types::Pet`, or `types::Shape::Circle` for a union variant's fields.
    pub subject: String,
    /// The type's name in the old spec.
    pub old_type: &'a str,
    /// Its name in the new spec.
    pub new_type: &'a str,
}

impl Owner<'_> {
    fn member(&self, rust_name: &str) -> String {
        format!("{}::{rust_name}", self.subject)
    }
}

/// Fields by wire name, in the new struct's order, removed ones after; then the map of
/// unlisted properties.
pub(crate) fn compare_struct(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &Struct,
    new: &Struct,
    roles: Roles,
) {
    for field in &new.fields {
        let new_pointer = differ.new.property(owner.new_type, &field.wire_name);
        match old
            .fields
            .iter()
            .find(|old| old.wire_name == field.wire_name)
        {
            Some(old_field) => {
                let old_pointer = differ.old.property(owner.old_type, &field.wire_name);
                let pointers = (old_pointer, new_pointer);
                compare_field(differ, owner, old_field, field, pointers, roles);
            }
            None => {
                let detail = field_detail(field);
                let found = Found::new(owner.member(&field.rust_name), ChangeKind::Added, detail);
                let rule = Rule::MemberAdded {
                    required: field.required,
                };
                differ.record(found.at(None, new_pointer), rule, roles);
            }
        }
    }
    for field in &old.fields {
        if new
            .fields
            .iter()
            .all(|new| new.wire_name != field.wire_name)
        {
            let old_pointer = differ.old.property(owner.old_type, &field.wire_name);
            let found = Found::new(
                owner.member(&field.rust_name),
                ChangeKind::Removed,
                field_detail(field),
            );
            differ.record(found.at(old_pointer, None), Rule::Removed, roles);
        }
    }
    compare_additional(differ, owner, old, new, roles);
}

/// `required String, wire name "due"` — what a reader needs to know of a new or gone field.
fn field_detail(field: &Field) -> String {
    let presence = if field.required {
        "required"
    } else {
        "optional"
    };
    let ty = super::context::type_text(&field.ty);
    format!("{presence} `{ty}`, wire name `{}`", field.wire_name)
}

fn compare_field(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &Field,
    new: &Field,
    pointers: (Option<String>, Option<String>),
    roles: Roles,
) {
    let subject = owner.member(&new.rust_name);
    let here = |detail: &str| {
        Found::new(subject.clone(), ChangeKind::Changed, detail)
            .at(pointers.0.clone(), pointers.1.clone())
    };
    if old.rust_name != new.rust_name {
        let kind = ChangeKind::Renamed {
            from: owner.member(&old.rust_name),
        };
        let detail = format!("wire name `{}` kept", new.wire_name);
        let found =
            Found::new(subject.clone(), kind, detail).at(pointers.0.clone(), pointers.1.clone());
        differ.record(found, Rule::Renamed, roles);
    }
    let same_type = differ.compare_types(here(""), &old.ty, &new.ty, roles);
    // A nullable property that becomes required also changes its Rust type (`Nullable<T>` →
    // `Option<T>`): the wire change is said too, not only the type's.
    let wrapper_only = matches!(
        (&old.ty, &new.ty),
        (TypeRef::Nullable(_), TypeRef::Option(_)) | (TypeRef::Option(_), TypeRef::Nullable(_))
    ) && differ.same_type(old.ty.held(), new.ty.held());
    if (same_type || wrapper_only) && old.required != new.required {
        let (rule, detail) = if new.required {
            (Rule::NowRequired, "now required")
        } else {
            (Rule::NowOptional, "now optional")
        };
        differ.record(here(detail), rule, roles);
    }
    differ.compare_assertions(here(""), &old.constraints, &new.constraints, roles);
    if new.deprecated && !old.deprecated {
        differ.record(here("deprecated"), Rule::Deprecated, roles);
    }
}

/// The flattened map of properties the schema does not list.
fn compare_additional(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &Struct,
    new: &Struct,
    roles: Roles,
) {
    let pointers = (
        differ.old.type_def(owner.old_type),
        differ.new.type_def(owner.new_type),
    );
    match (&old.additional, &new.additional) {
        (None, Some(added)) => {
            let found = Found::new(
                owner.member(&added.rust_name),
                ChangeKind::Added,
                "unlisted properties",
            );
            let rule = Rule::MemberAdded { required: false };
            differ.record(found.at(None, pointers.1), rule, roles);
        }
        (Some(removed), None) => {
            let found = Found::new(
                owner.member(&removed.rust_name),
                ChangeKind::Removed,
                "unlisted properties",
            );
            differ.record(found.at(pointers.0, None), Rule::Removed, roles);
        }
        (Some(old), Some(new)) => {
            let found = Found::new(owner.member(&new.rust_name), ChangeKind::Changed, "");
            differ.compare_types(found.at(pointers.0, pointers.1), &old.ty, &new.ty, roles);
        }
        (None, None) => {}
    }
}

/// Values by wire value; the fallback variant (`Unknown`) as one more.
pub(crate) fn compare_string_enum(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &StringEnum,
    new: &StringEnum,
    roles: Roles,
) {
    let pointer = |spec: &super::pointers::Spec, ty: &str, value: &str| {
        spec.enum_value(ty, &serde_json::Value::String(value.to_string()))
    };
    for variant in &new.variants {
        let new_pointer = pointer(differ.new, owner.new_type, &variant.wire_value);
        let detail = format!("value \"{}\"", variant.wire_value);
        match old
            .variants
            .iter()
            .find(|old| old.wire_value == variant.wire_value)
        {
            Some(old_variant) if old_variant.name != variant.name => {
                let old_pointer = pointer(differ.old, owner.old_type, &variant.wire_value);
                let kind = ChangeKind::Renamed {
                    from: owner.member(&old_variant.name),
                };
                let found = Found::new(owner.member(&variant.name), kind, format!("{detail} kept"));
                differ.record(found.at(old_pointer, new_pointer), Rule::Renamed, roles);
            }
            Some(_) => {}
            None => {
                let found = Found::new(owner.member(&variant.name), ChangeKind::Added, detail);
                differ.record(found.at(None, new_pointer), Rule::ChoiceAdded, roles);
            }
        }
    }
    for variant in &old.variants {
        if new
            .variants
            .iter()
            .all(|new| new.wire_value != variant.wire_value)
        {
            let old_pointer = pointer(differ.old, owner.old_type, &variant.wire_value);
            let detail = format!("value \"{}\"", variant.wire_value);
            let found = Found::new(owner.member(&variant.name), ChangeKind::Removed, detail);
            differ.record(found.at(old_pointer, None), Rule::Removed, roles);
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

/// The variant that holds values the spec does not list, of a string enum or a tagged union.
pub(crate) fn compare_fallback(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: Option<&str>,
    new: Option<&str>,
    roles: Roles,
) {
    let pointers = (
        differ.old.type_def(owner.old_type),
        differ.new.type_def(owner.new_type),
    );
    match (old, new) {
        (None, Some(added)) => {
            let detail = "values the spec does not list now decode into it";
            let found = Found::new(owner.member(added), ChangeKind::Added, detail);
            differ.record(found.at(None, pointers.1), Rule::ChoiceAdded, roles);
        }
        (Some(removed), None) => {
            let detail = "values the spec does not list now fail to decode";
            let found = Found::new(owner.member(removed), ChangeKind::Removed, detail);
            differ.record(found.at(pointers.0, None), Rule::Removed, roles);
        }
        _ => {}
    }
}

/// Constants by value.
pub(crate) fn compare_integer_enum(
    differ: &mut Differ<'_>,
    owner: &Owner<'_>,
    old: &IntegerEnum,
    new: &IntegerEnum,
    roles: Roles,
) {
    let pointer = |spec: &super::pointers::Spec, ty: &str, value: i64| {
        spec.enum_value(ty, &serde_json::Value::from(value))
    };
    for (name, value) in &new.values {
        let new_pointer = pointer(differ.new, owner.new_type, *value);
        let detail = format!("value {value}");
        match old.values.iter().find(|(_, old)| old == value) {
            Some((old_name, _)) if old_name != name => {
                let old_pointer = pointer(differ.old, owner.old_type, *value);
                let kind = ChangeKind::Renamed {
                    from: owner.member(old_name),
                };
                let found = Found::new(owner.member(name), kind, format!("{detail} kept"));
                differ.record(found.at(old_pointer, new_pointer), Rule::Renamed, roles);
            }
            Some(_) => {}
            None => {
                let found = Found::new(owner.member(name), ChangeKind::Added, detail);
                differ.record(found.at(None, new_pointer), Rule::ConstantAdded, roles);
            }
        }
    }
    for (name, value) in &old.values {
        if new.values.iter().all(|(_, new)| new != value) {
            let old_pointer = pointer(differ.old, owner.old_type, *value);
            let found = Found::new(
                owner.member(name),
                ChangeKind::Removed,
                format!("value {value}"),
            );
            differ.record(found.at(old_pointer, None), Rule::Removed, roles);
        }
    }
}
