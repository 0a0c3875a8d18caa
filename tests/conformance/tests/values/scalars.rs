//! Strategies for JSON scalars from one schema's keywords: integers and numbers within their
//! `format` and bounds, ASP.NET numeric strings, strings by `format`, `pattern` and length.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::pattern::Pattern;

/// A strategy for JSON values.
pub type ValueStrategy = BoxedStrategy<Value>;

/// The inclusive range of an `integer` schema: its `format`'s, narrowed by its bounds.
fn integer_range(schema: &Map<String, Value>) -> Result<(i64, i64), String> {
    let (mut low, mut high) = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => (i64::from(i32::MIN), i64::from(i32::MAX)),
        Some("int64") | None => (i64::MIN, i64::MAX),
        Some("uint32") => (0, i64::from(u32::MAX)),
        Some(other) => return Err(format!("integer format `{other}` is not generated here")),
    };
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    // Bounds are compared as floats; every bound in these specs is a small integer.
    if let Some(minimum) = bound("minimum") {
        low = low.max(minimum.ceil() as i64);
    }
    if let Some(exclusive) = bound("exclusiveMinimum") {
        low = low.max(exclusive.floor() as i64 + 1);
    }
    if let Some(maximum) = bound("maximum") {
        high = high.min(maximum.floor() as i64);
    }
    if let Some(exclusive) = bound("exclusiveMaximum") {
        high = high.min(exclusive.ceil() as i64 - 1);
    }
    if low > high {
        return Err(format!("integer bounds admit no value: {low} > {high}"));
    }
    Ok((low, high))
}

/// Integers of an `integer` schema: uniform over the range, its ends, and small values.
pub fn integers(schema: &Map<String, Value>) -> Result<BoxedStrategy<i64>, String> {
    let (low, high) = integer_range(schema)?;
    let small_low = low.max(-20).min(high);
    let small_high = high.min(20).max(small_low);
    Ok(prop_oneof![
        4 => low..=high,
        3 => small_low..=small_high,
        1 => Just(low),
        1 => Just(high),
    ]
    .boxed())
}

/// JSON numbers of an `integer` schema; with `integral_floats`, some are written as floats
/// with no fractional part (`3.0`), which JSON Schema counts as integers.
pub fn integer(
    schema: &Map<String, Value>,
    integral_floats: bool,
) -> Result<ValueStrategy, String> {
    Ok((integers(schema)?, any::<bool>())
        .prop_map(move |(n, as_float)| {
            // Only where the float is exactly the integer (|n| ≤ 2^53).
            let float = n as f64;
            if integral_floats && as_float && float.abs() <= 9_007_199_254_740_992.0 {
                Value::from(float)
            } else {
                Value::from(n)
            }
        })
        .boxed())
}

/// Finite floats of a `number` schema: any finite `f64` (or `f32` for `float`) within its
/// bounds, with short decimals (`12.5`) and whole numbers weighted in, as real amounts are.
pub fn floats(schema: &Map<String, Value>) -> Result<BoxedStrategy<f64>, String> {
    let single = match schema.get("format").and_then(Value::as_str) {
        Some("double") | None => false,
        Some("float") => true,
        Some(other) => return Err(format!("number format `{other}` is not generated here")),
    };
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let limit = if single {
        f64::from(f32::MAX)
    } else {
        f64::MAX
    };
    let low = bound("minimum")
        .or(bound("exclusiveMinimum"))
        .unwrap_or(-limit);
    let high = bound("maximum")
        .or(bound("exclusiveMaximum"))
        .unwrap_or(limit);
    let above = bound("exclusiveMinimum");
    let below = bound("exclusiveMaximum");
    let every_finite = if single {
        (proptest::num::f32::NORMAL | proptest::num::f32::SUBNORMAL | proptest::num::f32::ZERO)
            .prop_map(f64::from)
            .boxed()
    } else {
        (proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO)
            .boxed()
    };
    // Amounts as people write them: whole numbers and two decimals, within the bounds.
    let cents_low = (low * 100.0).max(-1e8).ceil() as i64;
    let cents_high = (high * 100.0).min(1e8).floor() as i64;
    // Any finite float when unbounded; uniform over the bounds otherwise (a uniform range
    // over all floats would overflow, and any float would nearly always miss the bounds).
    let spread = if low == -limit && high == limit {
        every_finite
    } else {
        (low..=high).boxed()
    };
    let mut choices: Vec<(u32, BoxedStrategy<f64>)> =
        vec![(2, spread), (1, Just(low).boxed()), (1, Just(high).boxed())];
    if cents_low <= cents_high {
        let cents = (cents_low..=cents_high).prop_map(|cents| cents as f64 / 100.0);
        let whole = (cents_low / 100..=cents_high / 100).prop_map(|n| n as f64);
        choices.push((2, cents.boxed()));
        choices.push((1, whole.boxed()));
    }
    Ok(proptest::strategy::Union::new_weighted(choices)
        .prop_filter("within the number's bounds", move |x| {
            x.is_finite()
                && *x >= low
                && *x <= high
                && above.is_none_or(|a| *x > a)
                && below.is_none_or(|b| *x < b)
        })
        .boxed())
}

/// JSON numbers of a `number` schema.
pub fn number(schema: &Map<String, Value>) -> Result<ValueStrategy, String> {
    Ok(floats(schema)?
        .prop_filter_map("finite", |x| {
            serde_json::Number::from_f64(x).map(Value::Number)
        })
        .boxed())
}

/// The string branch of an ASP.NET number (`type: [integer|number, string]` + `pattern`): a
/// number of the same schema written as text, as the pattern allows — canonical, or with
/// trailing zeros (`12.50`, `3.0`) where the pattern admits them. Numbers outside the
/// `format`'s range are not generated: the format (`int32`) binds the string form too.
pub fn numeric_string(
    schema: &Map<String, Value>,
    integral: bool,
) -> Result<ValueStrategy, String> {
    let source = schema
        .get("pattern")
        .and_then(Value::as_str)
        .ok_or("a numeric string without a pattern")?;
    let pattern = Pattern::new(source)?;
    let texts = if integral {
        integers(schema)?.prop_map(|n| n.to_string()).boxed()
    } else {
        floats(schema)?.prop_map(|x| x.to_string()).boxed()
    };
    Ok((texts, any::<usize>())
        .prop_filter_map("numeric text matching the pattern", move |(text, pick)| {
            let padded = if text.contains('.') {
                format!("{text}0")
            } else {
                format!("{text}.0")
            };
            let candidates: Vec<String> = [text, padded]
                .into_iter()
                .filter(|candidate| pattern.is_match(candidate))
                .collect();
            let chosen = candidates.get(pick % candidates.len().max(1))?;
            Some(Value::String(chosen.clone()))
        })
        .boxed())
}

/// Strings of a `string` schema.
pub fn string(schema: &Map<String, Value>) -> Result<ValueStrategy, String> {
    let length = |key: &str| schema.get(key).and_then(Value::as_u64).map(|n| n as usize);
    let min = length("minLength").unwrap_or(0);
    let max = length("maxLength").unwrap_or(usize::MAX);
    let texts = match (
        schema.get("format").and_then(Value::as_str),
        schema.get("pattern"),
    ) {
        (Some("uuid"), _) => uuid(),
        (Some("date"), _) => date(),
        (Some("date-time"), _) => date_time(),
        (_, Some(pattern)) => {
            let source = pattern.as_str().ok_or("`pattern` is not a string")?;
            Pattern::new(source)?.strategy()?
        }
        (Some("email"), _) => "[a-z0-9._+-]{1,12}@[a-z0-9-]{1,12}\\.[a-z]{2,6}"
            .prop_map(String::from)
            .boxed(),
        // Other formats (uri, byte, binary inside JSON, …) lower to `String`: any text.
        _ => {
            let longest = max.min(min + 12);
            proptest::collection::vec(any::<char>(), min..=longest)
                .prop_map(|chars| chars.into_iter().collect())
                .boxed()
        }
    };
    Ok(texts
        .prop_filter("within minLength/maxLength (code points)", move |text| {
            (min..=max).contains(&text.chars().count())
        })
        .prop_map(Value::String)
        .boxed())
}

/// RFC 4122 UUIDs in either case (hex digits are case-insensitive on input).
fn uuid() -> BoxedStrategy<String> {
    (any::<[u8; 16]>(), any::<bool>())
        .prop_map(|(bytes, upper)| {
            let text = uuid::Uuid::from_bytes(bytes).hyphenated().to_string();
            if upper { text.to_uppercase() } else { text }
        })
        .boxed()
}

/// RFC 3339 full-dates, years 0001–9999.
fn date() -> BoxedStrategy<String> {
    (1i32..=9999, 1u32..=12, 1u32..=31)
        .prop_filter_map("a calendar date", |(year, month, day)| {
            chrono::NaiveDate::from_ymd_opt(year, month, day)
                .map(|_| format!("{year:04}-{month:02}-{day:02}"))
        })
        .boxed()
}

/// RFC 3339 date-times: any offset, 0–9 fraction digits, `T`/`t` and `Z`/`z` (RFC 3339 §5.6
/// allows lower case). Leap seconds (`:60`) are not generated: they are valid only at the end
/// of a UTC day, which would need the offset arithmetic this generator does not do.
fn date_time() -> BoxedStrategy<String> {
    let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{1,9}".prop_map(String::from)];
    let offset = prop_oneof![
        Just("Z".to_string()),
        Just("z".to_string()),
        ("[+-]", 0u32..=23, 0u32..=59).prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}")),
    ];
    (
        date(),
        prop_oneof![Just('T'), Just('t')],
        0u32..24,
        0u32..60,
        0u32..60,
        fraction,
        offset,
    )
        .prop_map(|(date, t, hour, minute, second, fraction, offset)| {
            format!("{date}{t}{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
        })
        .boxed()
}
