//! Names: turning spec strings into Rust identifiers, and keeping them unique.
//!
//! The one collision rule: the first claimant of a name keeps it, each later one gets the
//! smallest numeric suffix (`2`, `3`, …) that is free, and a warning names both. "First" is
//! document order, so the result is deterministic.

use foldhash::{HashMap, HashMapExt, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Conversions already made on this thread, by what was converted.
type Remembered = std::cell::RefCell<HashMap<Box<str>, Box<str>>>;

/// At most this many conversions are remembered (a few per name of a giant spec); beyond it
/// the memory starts over. Entries, not bytes: names are short. The memory lives as long as its
/// thread (a library user generating on a long-lived thread keeps up to this many).
const REMEMBERED: usize = 1 << 16;

thread_local! {
    /// `snake_ident`'s conversions.
    static SNAKE: Remembered = Remembered::default();
    /// `camel_ident`'s conversions of names not already UpperCamelCase.
    static CAMEL: Remembered = Remembered::default();
}

/// `convert(raw)`, remembered: the same few names (properties, enum values) are converted
/// thousands of times on a large spec, and the word splitting costs far more than a lookup.
fn remembered(
    memory: &'static std::thread::LocalKey<Remembered>,
    raw: &str,
    convert: fn(&str) -> String,
) -> String {
    memory.with(|memory| {
        if let Some(known) = memory.borrow().get(raw) {
            return known.to_string();
        }
        let converted = convert(raw);
        let mut memory = memory.borrow_mut();
        if memory.len() >= REMEMBERED {
            memory.clear();
        }
        memory.insert(raw.into(), converted.as_str().into());
        converted
    })
}

/// Words that cannot be identifiers at all, even raw (`r#self` is not allowed).
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified; a schema may not take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Serialize",
    "Deserialize",
    "Send",
    "Sync",
    "Into",
    "From",
    // The runtime's three-state field type, re-exported by `types` (see `runtime::nullable`).
    "Nullable",
];

/// Makes `raw` a snake_case Rust identifier (`userId` → `user_id`). A keyword stays a plain
/// name (`type`): emitters write it as a raw identifier.
pub fn snake_ident(raw: &str) -> String {
    remembered(&SNAKE, raw, snake_ident_anew)
}

fn snake_ident_anew(raw: &str) -> String {
    let words = identifier_words(raw);
    let snake = words.to_snake_case();
    let snake = if snake.is_empty() {
        "value".to_string()
    } else {
        snake
    };
    escape(prefix_digit(snake, "_"))
}

/// Makes `raw` an UpperCamelCase Rust identifier (`create auth code` → `CreateAuthCode`).
pub fn camel_ident(raw: &str) -> String {
    // Most names asked for are already UpperCamelCase (a type's name and a property's joined):
    // they come back as they are, without the word splitting (on a giant spec it was a tenth
    // of lowering).
    if already_camel(raw) {
        return escape(raw.to_string());
    }
    remembered(&CAMEL, raw, camel_ident_anew)
}

fn camel_ident_anew(raw: &str) -> String {
    let words = identifier_words(raw);
    let camel = words.to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Empty".to_string()
    } else {
        camel
    };
    escape(prefix_digit(camel, "V"))
}

/// Whether `raw` is an UpperCamelCase word run that `camel_ident` gives back unchanged: ASCII
/// letters and digits, starting with a capital, each capital followed by a small letter (a run
/// of capitals, an acronym, is rewritten: `HTTPServer` → `HttpServer`), and each digit run
/// followed by a capital or the end (checked against the full conversion by a test).
fn already_camel(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    bytes.iter().enumerate().all(|(index, byte)| {
        let next = bytes.get(index + 1);
        match byte {
            b'A'..=b'Z' => next.is_some_and(u8::is_ascii_lowercase),
            b'a'..=b'z' => true,
            b'0'..=b'9' => {
                next.is_none_or(|next| next.is_ascii_digit() || next.is_ascii_uppercase())
            }
            _ => false,
        }
    })
}

/// Describes symbols that would otherwise vanish (`+1` → `plus 1`, `-1` → `minus 1`),
/// transliterates non-ASCII letters (`café` → `cafe`, so identifiers stay ASCII and no
/// confusable-script lint fires), and splits on everything else, so heck sees word boundaries.
fn identifier_words(raw: &str) -> String {
    let trimmed = raw.trim();
    let (sign, rest) = match trimmed.chars().next() {
        Some('+') if trimmed.len() > 1 => ("plus ", &trimmed[1..]),
        Some('-') if trimmed.len() > 1 => ("minus ", &trimmed[1..]),
        _ => ("", trimmed),
    };
    let ascii = deunicode::deunicode(rest);
    let mut words = String::with_capacity(ascii.len() + sign.len());
    words.push_str(sign);
    words.extend(
        ascii
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }),
    );
    words
}

fn prefix_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

fn escape(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A set of names already given out in one scope.
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    /// Names given out (only looked up: never iterated).
    taken: HashSet<String>,
    /// Per wanted name, the suffix to try first: every smaller one is taken (names are never
    /// given back), so n equal claims cost O(n), not O(n²). Looked up, never iterated.
    next_suffix: HashMap<String, usize>,
}

impl NameScope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameScope {
            taken: reserved.iter().map(|name| name.to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, …; returns the name given and
    /// whether it had to be changed.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        self.claim_over(None, wanted)
    }

    /// Claims as [`claim`](Self::claim) does in this scope laid over `base` (read, never
    /// changed): a name taken in either is taken, and suffixes start where either left off.
    pub fn claim_over(&mut self, base: Option<&NameScope>, wanted: &str) -> (String, bool) {
        let taken = |scope: &NameScope, name: &str| {
            scope.taken.contains(name) || base.is_some_and(|base| base.taken.contains(name))
        };
        if !taken(self, wanted) {
            self.taken.insert(wanted.to_string());
            return (wanted.to_string(), false);
        }
        let key = wanted;
        // The suffix follows the case of the name's kind: an escaped name's trailing `_`
        // (`Self_`) would otherwise stand between word and digit (`Self_2`), which rustc's
        // case lints refuse for types and variants; `Self2` and `self2` pass for every kind.
        let stem = match key.trim_end_matches('_') {
            "" => key,
            trimmed => trimmed,
        };
        let mut next = match self.next_suffix.get(key) {
            Some(&next) => next,
            None => base
                .and_then(|base| base.next_suffix.get(key).copied())
                .unwrap_or(2),
        };
        loop {
            let candidate = format!("{stem}{next}");
            next += 1;
            if !taken(self, &candidate) {
                self.next_suffix.insert(key.to_string(), next);
                self.taken.insert(candidate.clone());
                return (candidate, true);
            }
        }
    }

    /// Whether `name` was claimed in this scope.
    pub fn has(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Whether a name was claimed in both this scope and `other` themselves (not in a base
    /// either was laid over).
    pub fn meets(&self, other: &NameScope) -> bool {
        let (fewer, more) = if self.taken.len() <= other.taken.len() {
            (self, other)
        } else {
            (other, self)
        };
        fewer.taken.iter().any(|name| more.taken.contains(name))
    }

    /// Takes in the claims of `layer`, a scope that was laid over this one: afterwards this
    /// scope is as if they had been made in it.
    pub fn absorb(&mut self, layer: NameScope) {
        self.taken.extend(layer.taken);
        for (key, next) in layer.next_suffix {
            let kept = self.next_suffix.entry(key).or_insert(next);
            *kept = (*kept).max(next);
        }
    }
}

/// The conventional name of an HTTP status, as an enum variant (`404` → `NotFound`).
pub fn status_variant(code: u16) -> String {
    let name = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake_ident("userId"), "user_id");
        assert_eq!(snake_ident("type"), "type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("$ref"), "ref");
        assert_eq!(snake_ident("files[0]"), "files_0");
        assert_eq!(snake_ident("2fa"), "_2fa");
        assert_eq!(snake_ident(""), "value");
        assert_eq!(snake_ident("Create auth code"), "create_auth_code");
        assert_eq!(snake_ident("@timestamp"), "timestamp");
    }

    /// Every string of up to six characters over capitals, small letters and digits that
    /// `already_camel` lets through converts to itself the long way.
    #[test]
    fn the_camel_shortcut_agrees_with_the_conversion() {
        let alphabet = ['A', 'B', 'a', 'b', '1', '2'];
        let mut strings = vec![String::new()];
        let mut through = 0;
        for _ in 0..6 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |ch| format!("{prefix}{ch}")))
                .collect();
            for raw in &longer {
                if already_camel(raw) {
                    through += 1;
                    let converted = escape(prefix_digit(
                        identifier_words(raw).to_upper_camel_case(),
                        "V",
                    ));
                    assert_eq!(escape(raw.clone()), converted, "{raw}");
                }
            }
            strings = longer;
        }
        assert!(through > 1_000, "{through} strings took the shortcut");
        assert!(!already_camel("HTTPServer") && !already_camel("V1b") && !already_camel("a"));
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel_ident("create_auth_code"), "CreateAuthCode");
        assert_eq!(camel_ident("+1"), "Plus1");
        assert_eq!(camel_ident("-1"), "Minus1");
        assert_eq!(camel_ident(""), "Empty");
        assert_eq!(camel_ident("2XX"), "V2xx");
        assert_eq!(camel_ident("Self"), "Self_");
        assert_eq!(camel_ident("ünïcödé"), "Unicode");
        assert_eq!(snake_ident("café au lait"), "cafe_au_lait");
        assert_eq!(camel_ident("🙂"), "SlightSmile");
    }

    #[test]
    fn scope_suffixes_later_claims() {
        let mut scope = NameScope::with_reserved(&["body"]);
        assert_eq!(scope.claim("foo_bar"), ("foo_bar".to_string(), false));
        assert_eq!(scope.claim("foo_bar"), ("foo_bar2".to_string(), true));
        assert_eq!(scope.claim("body"), ("body2".to_string(), true));
        assert_eq!(scope.claim("type"), ("type".to_string(), false));
        assert_eq!(scope.claim("type"), ("type2".to_string(), true));
        // The smallest free suffix, also after a suffixed name was claimed directly.
        assert_eq!(scope.claim("foo_bar3"), ("foo_bar3".to_string(), false));
        assert_eq!(scope.claim("foo_bar"), ("foo_bar4".to_string(), true));
    }

    #[test]
    fn suffixes_follow_the_case_of_the_name() {
        // `Self_2` would trip `non_camel_case_types`: an escaped name's `_` goes before the
        // suffix does, for every kind alike.
        for (escaped, suffixed) in [("Self_", "Self2"), ("self_", "self2"), ("super_", "super2")] {
            let mut scope = NameScope::default();
            assert_eq!(scope.claim(escaped).0, escaped);
            assert_eq!(scope.claim(escaped), (suffixed.to_string(), true));
        }
        let mut scope = NameScope::default();
        assert_eq!(scope.claim(&camel_ident("Self")).0, "Self_");
        assert_eq!(scope.claim(&camel_ident("self")).0, "Self2");
        assert_eq!(scope.claim(&camel_ident("SELF")).0, "Self3");
    }

    #[test]
    fn many_equal_claims_take_linear_time() {
        let mut scope = NameScope::default();
        for _ in 0..100_000 {
            scope.claim("Same");
        }
        assert_eq!(scope.claim("Same").0, "Same100001");
    }

    #[test]
    fn statuses() {
        assert_eq!(status_variant(201), "Created");
        assert_eq!(status_variant(299), "Status299");
    }
}
