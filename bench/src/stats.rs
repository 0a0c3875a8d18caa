//! Medians and the number formats the tables use.

use std::time::Duration;

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
/// NaNs sort last, so they can only become the median when most values are NaN.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        length if length % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2.0),
    }
}

/// The median of durations, in seconds.
pub fn median_seconds(durations: &[Duration]) -> Option<f64> {
    median(
        &durations
            .iter()
            .map(Duration::as_secs_f64)
            .collect::<Vec<_>>(),
    )
}

/// The median of whole numbers (byte counts, kibibytes), rounded down.
pub fn median_count(values: &[u64]) -> Option<u64> {
    // Counts in this benchmark stay far below 2^53, so the f64 round trip is exact.
    median(&values.iter().map(|&value| value as f64).collect::<Vec<_>>()).map(|m| m as u64)
}

/// Seconds as milliseconds with a precision that suits the magnitude (`0.042`, `3.14`, `812`).
pub fn milliseconds(seconds: f64) -> String {
    let ms = seconds * 1000.0;
    if ms < 1.0 {
        format!("{ms:.3}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// Seconds with two decimals (compile times).
pub fn seconds(seconds: f64) -> String {
    format!("{seconds:.2}")
}

/// A byte count in MiB with two decimals.
pub fn mebibytes(bytes: u64) -> String {
    format!("{:.2}", bytes as f64 / (1024.0 * 1024.0))
}

/// `a / b` with two decimals, or `–` when `b` is zero (nothing to compare with).
pub fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 || !a.is_finite() || !b.is_finite() {
        "–".to_string()
    } else {
        format!("{:.2}", a / b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5.0]), Some(5.0));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn median_ignores_one_outlier() {
        assert_eq!(median(&[1.0, 1000.0, 1.1, 0.9, 1.05]), Some(1.05));
    }

    #[test]
    fn median_of_durations_and_counts() {
        let durations = [Duration::from_millis(30), Duration::from_millis(10)];
        assert_eq!(median_seconds(&durations), Some(0.02));
        assert_eq!(median_count(&[7, 1, 5]), Some(5));
        assert_eq!(median_count(&[]), None);
    }

    #[test]
    fn number_formats() {
        assert_eq!(milliseconds(0.000_042), "0.042");
        assert_eq!(milliseconds(0.003_14), "3.1");
        assert_eq!(milliseconds(0.8124), "812");
        assert_eq!(seconds(1.234), "1.23");
        assert_eq!(mebibytes(3 * 1024 * 1024 / 2), "1.50");
        assert_eq!(ratio(1.0, 4.0), "0.25");
        assert_eq!(ratio(1.0, 0.0), "–");
    }
}
