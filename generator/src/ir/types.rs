//! Types in the IR: named definitions and references to types.

use super::constraints::Constraints;
use super::facts::Reach;

/// A named type to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// UpperCamel name, unique in the API.
    pub name: String,
    /// Doc text (title and description).
    pub docs: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// What a value of an alias or newtype must satisfy beyond the aliased type.
    pub constraints: Constraints,
    /// Which roots reach it (set once the type graph is final).
    pub reach: Reach,
    /// The Cargo features of the groups whose operations reach it, in name order: it is
    /// compiled when any of them is on. Empty when it is always compiled (the API is not
    /// grouped, every group reaches it, or a webhook does).
    pub groups: Vec<String>,
    /// Whether the server checks its values (a `Validate` impl): a request reaches it, and it
    /// or a type it holds asserts more than its Rust type says. Never an alias (its
    /// assertions are checked where it is used).
    pub validated: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum.
    StringEnum(StringEnum),
    /// An integer enum: a newtype over the integer with one constant per listed value, so a
    /// value the spec does not list still decodes.
    IntegerEnum(IntegerEnum),
    /// A union of several types.
    Union(Union),
    /// A newtype around another type (`pub struct Id(pub String)`).
    Newtype(TypeRef),
    /// Another name for a type (`pub type Tags = Vec<String>;`).
    Alias(TypeRef),
    /// A struct with one type parameter, written once for the structs that differ only in the
    /// type one field holds (`pub struct ResultsPage<T> { pub items: Vec<T>, .. }`); the
    /// parameter appears in the fields as `TypeRef::External(param)`.
    GenericStruct {
        /// The parameter's name (`T`).
        param: String,
        /// The fields.
        structure: Struct,
    },
    /// One of those structs, by its own name: the generic struct applied to its type
    /// (`pub type DiskResultsPage = ResultsPage<Disk>;`).
    Instance {
        /// The generic struct's name.
        generic: String,
        /// The type its parameter stands for here.
        arg: TypeRef,
    },
}

/// A struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Properties not listed, when the schema says what they are: collected into a flattened
    /// map field.
    pub additional: Option<AdditionalProperties>,
}

/// The map field that collects a struct's unlisted properties.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AdditionalProperties {
    /// Field name (`additional_properties` unless a property took it).
    pub rust_name: String,
    /// Type of the values.
    pub ty: TypeRef,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// snake_case Rust name, unique within the struct.
    pub rust_name: String,
    /// Its type: an `Option` when not required or nullable.
    pub ty: TypeRef,
    /// Whether the property must be present. Absent optional values are skipped when encoding.
    pub required: bool,
    /// Whether the schema admits `null`. An optional field that does not is refused as `null`
    /// by the server (absent is fine).
    pub nullable: bool,
    /// What its value must satisfy beyond its type (checked by the server).
    pub constraints: Constraints,
    /// Doc text.
    pub docs: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// `readOnly`: sent by the API, never in a request (left out of the type's request form).
    pub read_only: bool,
    /// `writeOnly`: sent in requests, never by the API (left out of the type's read form).
    pub write_only: bool,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringEnum {
    /// Variants in document order.
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that holds values the spec does not list (`Unknown(String)`),
    /// when unknown values decode instead of failing.
    pub fallback: Option<String>,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntegerEnum {
    /// The listed values with their constant names, in document order.
    pub values: Vec<(String, i64)>,
}

/// A string enum variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    /// UpperCamel name.
    pub name: String,
    /// Exact value on the wire.
    pub wire_value: String,
}

/// A union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Union {
    /// How the variant is recognised.
    pub tagging: Tagging,
    /// Variants in document order.
    pub variants: Vec<UnionVariant>,
    /// The name of the variant that holds a tag the spec does not list (`Unknown`), when such
    /// values decode instead of failing (tagged unions that only arrive in responses).
    pub fallback: Option<String>,
}

/// How a union's variant is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Tagging {
    /// A property names the variant (`oneOf` + `discriminator`).
    Internal {
        /// The tag property's wire name.
        tag: String,
        /// Whether every variant's payload declares the tag property itself (then decoding
        /// dispatches on it and encoding writes the payload as is; otherwise serde adds and
        /// removes the tag).
        payload_has_tag: bool,
    },
    /// One property names the variant, a second holds its value (`{"type": "vpc", "value":
    /// "web"}`): recognised from the variants' shapes when no discriminator is given.
    Adjacent {
        /// The tag property's wire name.
        tag: String,
        /// The content property's wire name.
        content: String,
    },
    /// The first variant that decodes wins.
    Untagged,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// UpperCamel name.
    pub name: String,
    /// What it holds.
    pub payload: VariantPayload,
    /// For internal and adjacent tagging: the tag values that select it (the first one is
    /// written).
    pub tag_values: Vec<String>,
    /// Doc text: the description of a variant written inline in the union.
    pub docs: Option<String>,
    /// Deprecated (a variant written inline in the union and marked so).
    pub deprecated: bool,
}

/// What a union variant holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VariantPayload {
    /// One value (`Variant(T)`); the schema's own assertions on it, when it is written inline
    /// (the content of an adjacently tagged variant), come along.
    Value(TypeRef, Constraints),
    /// Named fields (`Variant { a: A }`): an internally tagged variant's properties, less the
    /// tag.
    Fields(Struct),
    /// Nothing but the tag.
    Unit,
}

impl VariantPayload {
    /// A value of `ty` with no assertions of its own.
    pub fn value(ty: TypeRef) -> VariantPayload {
        VariantPayload::Value(ty, Constraints::default())
    }

    /// The type references it holds.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            VariantPayload::Value(ty, _) => vec![ty],
            VariantPayload::Fields(fields) => fields.type_refs(),
            VariantPayload::Unit => Vec::new(),
        }
    }

    /// The type references it holds, for rewriting.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            VariantPayload::Value(ty, _) => vec![ty],
            VariantPayload::Fields(fields) => fields.type_refs_mut(),
            VariantPayload::Unit => Vec::new(),
        }
    }
}

impl Struct {
    /// The types of its fields and of its unlisted properties.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        self.fields
            .iter()
            .map(|f| &f.ty)
            .chain(self.additional.as_ref().map(|a| &a.ty))
            .collect()
    }

    /// The same, for rewriting.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        self.fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(self.additional.as_mut().map(|a| &mut a.ty))
            .collect()
    }
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A generated named type.
    Named(String),
    /// A built-in scalar.
    Primitive(Primitive),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`.
    Option(Box<TypeRef>),
    /// `runtime::nullable::Nullable<T>`: a struct field that may be absent, `null` or a value,
    /// each meaning something (a property neither required nor non-nullable, in JSON).
    Nullable(Box<TypeRef>),
    /// `Box<T>` (breaks a recursive cycle).
    Box(Box<TypeRef>),
    /// A tuple (`prefixItems`), encoded as a JSON array.
    Tuple(Vec<TypeRef>),
    /// An existing Rust type named by the configuration (`rust_decimal::Decimal`).
    External(String),
    /// Any JSON value.
    Json,
    /// Nothing: no body.
    Unit,
}

/// Scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer; `accepts_string` for ASP.NET's `["integer","string"]` numbers.
    Integer {
        /// Width and signedness.
        width: IntegerWidth,
        /// Whether `"42"` decodes as well as `42` (it always encodes as a number).
        accepts_string: bool,
    },
    /// A float; `accepts_string` as for integers.
    Number {
        /// Width.
        width: NumberWidth,
        /// Whether `"1.5"` decodes as well as `1.5`.
        accepts_string: bool,
    },
    /// `uuid::Uuid`.
    Uuid,
    /// `chrono::DateTime<chrono::Utc>` (RFC 3339).
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// Raw bytes (`bytes::Bytes`) for binary bodies.
    Bytes,
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntegerWidth {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

/// Float widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NumberWidth {
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

impl TypeRef {
    /// Wraps `self` in `Option` unless it already is one (or a `Nullable`, which may be left
    /// out already).
    pub fn optional(self) -> TypeRef {
        match self {
            TypeRef::Option(_) | TypeRef::Nullable(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }

    /// Whether `self` is an `Option`.
    pub fn is_option(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }

    /// Whether a value may be left out: an `Option` or a `Nullable` (a struct built with
    /// `new` or `Default` leaves such fields empty).
    pub fn may_be_left_out(&self) -> bool {
        matches!(self, TypeRef::Option(_) | TypeRef::Nullable(_))
    }

    /// The type an `Option` or a `Nullable` holds; anything else is itself.
    pub fn held(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => inner,
            other => other,
        }
    }

    /// Whether a number accepting strings sits anywhere in this type (outside named types).
    pub fn accepts_numeric_strings(&self) -> bool {
        self.accepts_numeric_strings_through(&|_| false)
    }

    /// The same, counting the named types for which `lenient_name` says so (aliases of such
    /// numbers: `pub type Money = f64;` for an ASP.NET `["number","string"]` component).
    pub fn accepts_numeric_strings_through(&self, lenient_name: &dyn Fn(&str) -> bool) -> bool {
        match self {
            TypeRef::Primitive(Primitive::Integer { accepts_string, .. })
            | TypeRef::Primitive(Primitive::Number { accepts_string, .. }) => *accepts_string,
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Box(inner) => inner.accepts_numeric_strings_through(lenient_name),
            TypeRef::Named(name) => lenient_name(name),
            // Tuples decode their elements strictly (a lenient tuple is not worth the code).
            TypeRef::Primitive(_)
            | TypeRef::Tuple(_)
            | TypeRef::External(_)
            | TypeRef::Json
            | TypeRef::Unit => false,
        }
    }
}

impl TypeRef {
    /// Whether an integer read strictly (not an ASP.NET number, which reads strings too) sits
    /// anywhere in this type, counting the named types for which `integral_name` says so.
    pub fn holds_integers_through(&self, integral_name: &dyn Fn(&str) -> bool) -> bool {
        match self {
            TypeRef::Primitive(Primitive::Integer { accepts_string, .. }) => !*accepts_string,
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Box(inner) => inner.holds_integers_through(integral_name),
            TypeRef::Named(name) => integral_name(name),
            // Tuples decode their elements as serde does (a tuple of integers is not worth the
            // code).
            TypeRef::Primitive(_)
            | TypeRef::Tuple(_)
            | TypeRef::External(_)
            | TypeRef::Json
            | TypeRef::Unit => false,
        }
    }

    /// Calls `visit` with the name of every named type this reference mentions, to rename it.
    pub fn visit_named_mut(&mut self, visit: &mut impl FnMut(&mut String)) {
        match self {
            TypeRef::Named(name) => visit(name),
            TypeRef::Option(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Box(inner) => inner.visit_named_mut(visit),
            TypeRef::Tuple(items) => items
                .iter_mut()
                .for_each(|item| item.visit_named_mut(visit)),
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => {}
        }
    }

    /// Calls `visit` with every named type this reference mentions, and whether it is held
    /// inline (not behind a `Vec`, map or `Box`, which already put it on the heap).
    pub fn visit_named<'a>(&'a self, visit: &mut impl FnMut(&'a str, bool)) {
        self.visit_named_inner(true, visit);
    }

    fn visit_named_inner<'a>(&'a self, inline: bool, visit: &mut impl FnMut(&'a str, bool)) {
        match self {
            TypeRef::Named(name) => visit(name, inline),
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => {
                inner.visit_named_inner(inline, visit)
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => {
                inner.visit_named_inner(false, visit)
            }
            TypeRef::Tuple(items) => items
                .iter()
                .for_each(|item| item.visit_named_inner(inline, visit)),
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Json | TypeRef::Unit => {}
        }
    }
}

impl TypeKind {
    /// The type references this definition holds.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.type_refs(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .flat_map(|v| v.payload.type_refs())
                .collect(),
            TypeKind::Newtype(ty) | TypeKind::Alias(ty) => vec![ty],
            TypeKind::GenericStruct { structure, .. } => structure.type_refs(),
            TypeKind::Instance { arg, .. } => vec![arg],
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
        }
    }

    /// The type references this definition holds, for rewriting.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => s.type_refs_mut(),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .flat_map(|v| v.payload.type_refs_mut())
                .collect(),
            TypeKind::Newtype(ty) | TypeKind::Alias(ty) => vec![ty],
            TypeKind::GenericStruct { structure, .. } => structure.type_refs_mut(),
            TypeKind::Instance { arg, .. } => vec![arg],
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
        }
    }
}
