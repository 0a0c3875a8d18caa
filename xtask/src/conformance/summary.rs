//! The table printed at the end of a conformance run: one row per API and tool.

use std::fmt::Write;

/// One tool's run against one API.
#[derive(Debug)]
pub struct Row {
    /// The API (`--spec` name).
    pub spec: &'static str,
    /// `schemathesis` or `prism`.
    pub tool: &'static str,
    /// Test cases (schemathesis) or requests through the proxy (Prism), when known.
    pub cases: Option<usize>,
    /// Failures found; `None` when the run could not be judged (the tool did not run).
    pub failures: Option<usize>,
    /// Whether the tool's verdict was a pass.
    pub passed: bool,
    /// Wall-clock seconds, including starting the servers.
    pub seconds: f64,
    /// What failed, briefly (failure kinds, or why the tool could not run).
    pub notes: Vec<String>,
}

/// The table, aligned, with a verdict column.
pub fn render(rows: &[Row]) -> String {
    let mut table = format!(
        "{:<18} {:<13} {:>7} {:>9} {:>8}  {}\n",
        "spec", "tool", "cases", "failures", "seconds", "verdict"
    );
    for row in rows {
        let number =
            |value: Option<usize>| value.map_or("?".to_string(), |value| value.to_string());
        let _ = writeln!(
            table,
            "{:<18} {:<13} {:>7} {:>9} {:>8.1}  {}",
            row.spec,
            row.tool,
            number(row.cases),
            number(row.failures),
            row.seconds,
            if row.passed { "pass" } else { "FAIL" },
        );
        for note in &row.notes {
            let _ = writeln!(table, "    {note}");
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_show_counts_verdicts_and_notes() {
        let rows = [
            Row {
                spec: "dolfin",
                tool: "schemathesis",
                cases: Some(223),
                failures: Some(1),
                passed: false,
                seconds: 3.44,
                notes: vec!["ST201 Schema-violating request accepted: 1".to_string()],
            },
            Row {
                spec: "dolfin",
                tool: "prism",
                cases: None,
                failures: None,
                passed: false,
                seconds: 0.0,
                notes: vec![],
            },
        ];
        let table = render(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(lines[1].contains("223") && lines[1].contains("3.4") && lines[1].ends_with("FAIL"));
        assert_eq!(
            lines[2].trim(),
            "ST201 Schema-violating request accepted: 1"
        );
        assert!(lines[3].contains('?'));
    }
}
