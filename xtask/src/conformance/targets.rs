//! The APIs the conformance tools judge: each spec with the mock server that implements its
//! generated trait and the driver that calls every operation of its generated client.

/// One API under test. The binaries are targets of the `oasgen-conformance` package.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    /// The name `--spec` selects it by, and its folder under `target/conformance/`.
    pub name: &'static str,
    /// The spec, relative to the repository root.
    pub spec: &'static str,
    /// The mock server binary (the generated router over an in-memory implementation).
    pub mock: &'static str,
    /// The client driver binary.
    pub driver: &'static str,
    /// Headers schemathesis sends with every request (credentials the spec asks for).
    pub headers: &'static [(&'static str, &'static str)],
}

/// Every API under test, in the order they run.
pub const TARGETS: &[Target] = &[
    Target {
        name: "dolfin",
        spec: "specs/dolfin.yaml",
        mock: "mock-dolfin",
        driver: "drive-dolfin",
        headers: &[],
    },
    Target {
        name: "fixture-api",
        spec: "specs/dolfin-fixture.yaml",
        mock: "mock-fixture-api",
        driver: "drive-fixture-api",
        // The fixture API declares the Dolfin API key scheme; without a key every operation
        // would only ever be answered 401 and nothing behind the check would be exercised. The
        // key is the one the mock knows (`oasgen_conformance::fixture_api::API_KEY`).
        headers: &[("x-dolfin-api-key", "test")],
    },
    Target {
        name: "petstore-expanded",
        spec: "specs/petstore-expanded.yaml",
        mock: "mock-petstore-expanded",
        driver: "drive-petstore-expanded",
        headers: &[],
    },
];

/// The target called `name`, or a message listing the known ones.
pub fn find(name: &str) -> Result<&'static Target, String> {
    TARGETS
        .iter()
        .find(|target| target.name == name)
        .ok_or_else(|| {
            let known: Vec<&str> = TARGETS.iter().map(|target| target.name).collect();
            format!("unknown spec `{name}` (known: {})", known.join(", "))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_target_by_name_and_refuses_unknown_names() {
        assert_eq!(
            find("dolfin").map(|target| target.spec),
            Ok("specs/dolfin.yaml")
        );
        let error = find("petstore").err().unwrap_or_default();
        assert!(error.contains("unknown spec `petstore`"), "{error}");
        assert!(error.contains("fixture-api"), "{error}");
    }
}
