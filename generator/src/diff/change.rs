//! What a diff reports: each change to the generated Rust API, with its impact on the two kinds
//! of user, and the report's summary (counts and the semver hint).

/// What a change does to a user's code or to the messages it exchanges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing written against the old bindings needs to change.
    Compatible,
    /// Code written against the old bindings stops compiling, or a program built from them
    /// stops working against the new API.
    Breaking,
}

impl Impact {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Compatible => "compatible",
            Impact::Breaking => "breaking",
        }
    }

    /// Breaking when `condition` holds.
    pub fn breaking_if(condition: bool) -> Impact {
        if condition {
            Impact::Breaking
        } else {
            Impact::Compatible
        }
    }
}

/// What happened to the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// New in the new spec.
    Added,
    /// Gone from the new spec.
    Removed,
    /// The same wire item under another Rust name (the subject is the new name).
    Renamed {
        /// The old Rust name.
        from: String,
    },
    /// Present in both, different.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed`, `renamed` or `changed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renamed { .. } => "renamed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One change to the generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The Rust item, as a user names it (`Client::create_invoice`, `types::Invoice::due_date`).
    pub subject: String,
    /// Added, removed, renamed or changed.
    pub kind: ChangeKind,
    /// What changed, in a few words (`type String → Option<String>`); empty when the kind says
    /// it all.
    pub detail: String,
    /// For code that calls the API through the generated client.
    pub client: Impact,
    /// For code that implements the generated server trait.
    pub server: Impact,
    /// Why the impacts are what they are, in a few words.
    pub why: &'static str,
    /// Where the item is in the old spec (a JSON pointer, `#/paths/~1pets/get`).
    pub old_pointer: Option<String>,
    /// Where it is in the new spec.
    pub new_pointer: Option<String>,
}

impl Change {
    /// Whether it breaks either kind of user.
    pub fn is_breaking(&self) -> bool {
        self.client == Impact::Breaking || self.server == Impact::Breaking
    }
}

/// Which version bump the generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    /// Nothing in the generated API changed.
    Patch,
    /// Only compatible changes.
    Minor,
    /// Something breaks a client or a server.
    Major,
}

impl Semver {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// Every change between two specs' generated APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// `info.title` and `info.version` of the old spec.
    pub old_api: (String, String),
    /// The same, of the new spec.
    pub new_api: (String, String),
    /// The changes: operations (in the new spec's order, removed ones after), the client
    /// builder's methods, then types (by name), each item's own change before its members'.
    pub changes: Vec<Change>,
}

impl Report {
    /// How many changes break clients.
    pub fn breaking_for_clients(&self) -> usize {
        self.count(|change| change.client == Impact::Breaking)
    }

    /// How many changes break servers.
    pub fn breaking_for_servers(&self) -> usize {
        self.count(|change| change.server == Impact::Breaking)
    }

    /// How many changes break either.
    pub fn breaking(&self) -> usize {
        self.count(Change::is_breaking)
    }

    /// The bump the generated crate's version needs.
    pub fn semver(&self) -> Semver {
        if self.breaking() > 0 {
            Semver::Major
        } else if self.changes.is_empty() {
            Semver::Patch
        } else {
            Semver::Minor
        }
    }

    /// How many changes are of `kind` (compared by kind only).
    pub fn count_kind(&self, kind: &ChangeKind) -> usize {
        self.count(|change| std::mem::discriminant(&change.kind) == std::mem::discriminant(kind))
    }

    fn count(&self, keep: impl Fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|change| keep(change)).count()
    }
}

/// Which changes make `--fail-on` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any breaking change.
    Breaking,
    /// A change breaking clients.
    BreakingForClients,
    /// A change breaking servers.
    BreakingForServers,
}

impl FailOn {
    /// Whether `report` holds a change this refuses.
    pub fn fails(self, report: &Report) -> bool {
        match self {
            FailOn::Breaking => report.breaking() > 0,
            FailOn::BreakingForClients => report.breaking_for_clients() > 0,
            FailOn::BreakingForServers => report.breaking_for_servers() > 0,
        }
    }
}
