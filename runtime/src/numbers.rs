//! JSON numbers as JSON Schema counts them: `3.0` is an integer, so it must decode where an
//! integer is expected (serde reads it as a float and an `i32` field would refuse it).

/// Rewrites every float with no fractional part (within the 64-bit range) as an integer.
pub fn integral_floats_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) => {
            if let Some(integer) = integral(number) {
                *number = integer;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        serde_json::Value::Object(entries) => {
            entries.values_mut().for_each(integral_floats_as_integers)
        }
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::String(_) => {}
    }
}

fn integral(number: &serde_json::Number) -> Option<serde_json::Number> {
    if number.is_i64() || number.is_u64() {
        return None;
    }
    let float = number.as_f64()?;
    if float.fract() != 0.0 || !float.is_finite() {
        return None;
    }
    if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&float) {
        Some(serde_json::Number::from(float as i64))
    } else if (0.0..1.844_674_407_370_955_2e19).contains(&float) {
        Some(serde_json::Number::from(float as u64))
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
