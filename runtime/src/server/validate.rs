//! What the router checks after decoding: the schema assertions a Rust type cannot express
//! (`minLength`, `pattern`, `maximum`, `maxItems`, `uniqueItems`, …). The generated
//! `validation` module implements [`Validate`] for each type and request that has any.

#[cfg(feature = "patterns")]
mod pattern;
#[cfg(feature = "patterns")]
pub use pattern::Pattern;

/// A value that can check the assertions of its schema, reporting each violation to `check`.
pub trait Validate {
    /// Reports every violated assertion of `self` (and of the values it holds) to `check`.
    fn validate(&self, check: &mut Check);
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, check: &mut Check) {
        if let Some(value) = self {
            value.validate(check);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, check: &mut Check) {
        (**self).validate(check);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, check: &mut Check) {
        for (index, item) in self.iter().enumerate() {
            check.enter(index);
            item.validate(check);
            check.leave();
        }
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self, check: &mut Check) {
        for (key, value) in self {
            check.enter(key);
            value.validate(check);
            check.leave();
        }
    }
}

/// Collects the violations found in one request, each with where it was found
/// (`body/lines/0/quantity`, `query/limit`).
#[derive(Debug, Default)]
pub struct Check {
    path: Vec<String>,
    violations: Vec<String>,
}

impl Check {
    /// Appends `segment` to the location of what is checked next, until [`Check::leave`].
    pub fn enter(&mut self, segment: impl std::fmt::Display) {
        self.path.push(segment.to_string());
    }

    /// Undoes the last [`Check::enter`].
    pub fn leave(&mut self) {
        self.path.pop();
    }

    fn report(&mut self, message: String) {
        let location = if self.path.is_empty() {
            "value".to_string()
        } else {
            self.path.join("/")
        };
        self.violations.push(format!("{location}: {message}"));
    }

    /// `minLength` and `maxLength`, in characters.
    pub fn text(&mut self, value: &str, min: Option<u64>, max: Option<u64>) {
        let length = value.chars().count() as u64;
        if let Some(min) = min.filter(|min| length < *min) {
            self.report(format!("shorter than {min} characters"));
        }
        if let Some(max) = max.filter(|max| length > *max) {
            self.report(format!("longer than {max} characters"));
        }
    }

    /// Integer bounds, already rounded to inclusive integers, and an integral `multipleOf`.
    pub fn integer(
        &mut self,
        value: i128,
        min: Option<i128>,
        max: Option<i128>,
        multiple_of: Option<i128>,
    ) {
        if let Some(min) = min.filter(|min| value < *min) {
            self.report(format!("less than {min}"));
        }
        if let Some(max) = max.filter(|max| value > *max) {
            self.report(format!("greater than {max}"));
        }
        if let Some(step) = multiple_of.filter(|step| *step != 0 && value % *step != 0) {
            self.report(format!("not a multiple of {step}"));
        }
    }

    /// Number bounds (`(limit, exclusive)`) and `multipleOf`.
    pub fn number(
        &mut self,
        value: f64,
        min: Option<(f64, bool)>,
        max: Option<(f64, bool)>,
        multiple_of: Option<f64>,
    ) {
        match min {
            Some((min, true)) if value <= min => self.report(format!("not greater than {min}")),
            Some((min, false)) if value < min => self.report(format!("less than {min}")),
            _ => {}
        }
        match max {
            Some((max, true)) if value >= max => self.report(format!("not less than {max}")),
            Some((max, false)) if value > max => self.report(format!("greater than {max}")),
            _ => {}
        }
        if let Some(step) = multiple_of {
            // Decimal steps are not exact in binary: 19.99 / 0.01 is 1998.9999999999998. A
            // quotient within a relative 1e-9 of a whole number counts as whole.
            let quotient = value / step;
            if quotient.is_finite()
                && (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0)
            {
                self.report(format!("not a multiple of {step}"));
            }
        }
    }

    /// `minItems`/`maxItems` (`what` = "items") or `minProperties`/`maxProperties`.
    pub fn count(&mut self, count: usize, min: Option<u64>, max: Option<u64>, what: &str) {
        let count = count as u64;
        if let Some(min) = min.filter(|min| count < *min) {
            self.report(format!("fewer than {min} {what}"));
        }
        if let Some(max) = max.filter(|max| count > *max) {
            self.report(format!("more than {max} {what}"));
        }
    }

    /// `uniqueItems`. Items are compared by their JSON text (canonical for generated types:
    /// fields in declaration order, maps sorted), so a long array costs linear time.
    pub fn unique<T: serde::Serialize>(&mut self, items: &[T]) {
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        let repeated = items
            .iter()
            .any(|item| serde_json::to_string(item).is_ok_and(|text| !seen.insert(text)));
        if repeated {
            self.report("has repeated items".to_string());
        }
    }

    /// The violations, or `Ok` when there are none.
    pub fn finish(self) -> Result<(), Vec<String>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }
}

/// The checks of one item of a streamed body (a JSON Lines line): its violations, joined.
pub fn check_item<T: Validate>(item: &T) -> Result<(), String> {
    let mut check = Check::default();
    item.validate(&mut check);
    check.finish().map_err(|violations| {
        format!(
            "does not match the API description: {}",
            violations.join("; ")
        )
    })
}

/// `request` if it satisfies every assertion of its schemas, else a 400 listing the violations.
pub fn validated<T: Validate>(request: T) -> super::Decoded<T> {
    let mut check = Check::default();
    request.validate(&mut check);
    match check.finish() {
        Ok(()) => Ok(request),
        Err(violations) => Err(super::reject(
            axum::http::StatusCode::BAD_REQUEST,
            format!(
                "the request does not match the API description: {}",
                violations.join("; ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests;
