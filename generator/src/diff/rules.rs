//! Which changes break whom: the one table of rules.
//!
//! A change breaks **clients** when code calling the old client stops compiling against the new
//! one, or when a client built from the old spec stops working against a server of the new
//! spec (deployed clients are many, and upgraded last). It breaks **servers** when an
//! implementation of the old server trait stops compiling against the new one, or must now do
//! something it did not (the server is the spec's owner: it is upgraded with the spec, so what
//! old servers would make of new clients is not asked).
//!
//! Who touches a value decides: a request's values are built by the client and read by the
//! server; a response's (and a webhook's) are built by the server and read by the client.
//! Generated structs are exhaustive, so whoever builds one names every field in a struct
//! literal (adding a field breaks the builder, even an optional one); whoever reads one is
//! assumed to read fields by name (adding one breaks no reader) but to `match` enums
//! exhaustively (adding a variant breaks the reader).

use super::change::Impact;
use crate::ir::Reach;

/// Where a changed item's values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Roles {
    /// In requests: the client builds them, the server reads them.
    pub request: bool,
    /// In responses or webhooks: the server builds them, the client reads them.
    pub response: bool,
    /// Only the client has it (a builder method): no change to it reaches a server.
    pub client_only: bool,
}

impl Roles {
    /// Both ways: for items every user names (operations, types themselves).
    pub const BOTH: Roles = Roles {
        request: true,
        response: true,
        client_only: false,
    };
    /// A request's parameters and body.
    pub const REQUEST: Roles = Roles {
        request: true,
        response: false,
        client_only: false,
    };
    /// A response's variants, bodies and headers.
    pub const RESPONSE: Roles = Roles {
        request: false,
        response: true,
        client_only: false,
    };
    /// The client builder's methods: credentials and configured headers.
    pub const CLIENT: Roles = Roles {
        request: true,
        response: false,
        client_only: true,
    };

    /// Where a type's values travel, by what reaches it in either spec.
    pub fn of(old: Reach, new: Reach) -> Roles {
        let reach = old.or(new);
        Roles {
            request: reach.request,
            response: reach.response || reach.webhook,
            client_only: false,
        }
    }
}

/// The kinds of change the rules tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// A new type or a new operation's client method.
    TypeAdded,
    /// A new operation: the server trait's new method.
    OperationAdded,
    /// An operation that kept its name but moved to another method or path.
    OperationMoved,
    /// A field, parameter, body or header that is new.
    MemberAdded {
        /// Whether it must be present.
        required: bool,
    },
    /// Something named by users is gone.
    Removed,
    /// The same wire item under a new Rust name.
    Renamed,
    /// A different Rust type, or another kind of type.
    Retyped,
    /// Must now be present (its Rust type unchanged: it was and stays an `Option`).
    NowRequired,
    /// May now be absent (its Rust type unchanged).
    NowOptional,
    /// A new enum value, union variant or response status.
    ChoiceAdded,
    /// A variant is selected by one more tag value.
    TagAdded,
    /// A new constant of an integer enum (an open newtype, never matched exhaustively).
    ConstantAdded,
    /// Assertions (bounds, patterns, lengths) that may refuse a value accepted before.
    AssertionsTightened,
    /// Assertions that only admit more values.
    AssertionsLoosened,
    /// Another content type for the same Rust type.
    EncodingChanged,
    /// Newly deprecated.
    Deprecated,
    /// An operation in another group than before: behind another Cargo feature.
    GroupChanged,
    /// An operation of an ungrouped API now in a group (the API gained its second group).
    GroupAssigned,
}

/// The impact on each kind of user, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// For callers of the client.
    pub client: Impact,
    /// For implementors of the server trait.
    pub server: Impact,
    /// Why, in a few words.
    pub why: &'static str,
}

/// The verdict on a change of kind `rule` to an item whose values travel as `roles` says.
pub(crate) fn judge(rule: Rule, roles: Roles) -> Verdict {
    let Roles {
        request,
        response,
        client_only,
    } = roles;
    let named = request || response;
    let (client, server, why) = match rule {
        Rule::TypeAdded => (false, false, "new items break nothing"),
        Rule::Deprecated => (false, false, "deprecation only warns"),
        Rule::ConstantAdded => (
            false,
            false,
            "integer enums are open: no match is exhaustive",
        ),
        Rule::OperationAdded => (false, true, "the server trait gains a method to implement"),
        Rule::OperationMoved => (
            true,
            false,
            "clients built from the old spec call the old route",
        ),
        Rule::MemberAdded { required: true } => (
            request,
            response,
            "whoever builds the value must now supply it",
        ),
        Rule::MemberAdded { required: false } => (
            request,
            response,
            "struct literals where the value is built must name it",
        ),
        Rule::Removed => (named, named, "code that names it no longer compiles"),
        Rule::Renamed => (named, named, "code that names it must use the new name"),
        Rule::Retyped => (
            named,
            named,
            "code that builds or reads it sees another type",
        ),
        Rule::NowRequired => (
            request,
            false,
            "clients built from the old spec may omit it",
        ),
        Rule::NowOptional => (response, false, "clients built from the old spec expect it"),
        Rule::ChoiceAdded => (
            response,
            request,
            "exhaustive matches where it is read miss it",
        ),
        Rule::TagAdded => (
            response,
            false,
            "clients built from the old spec cannot decode it",
        ),
        Rule::AssertionsTightened => (request, false, "requests valid before may be refused"),
        Rule::AssertionsLoosened => (false, false, "every value valid before still is"),
        Rule::EncodingChanged => (
            named,
            false,
            "clients built from the old spec use the old one",
        ),
        Rule::GroupChanged => (
            true,
            true,
            "builds that pick groups (`default-features = false`) need its new feature",
        ),
        Rule::GroupAssigned => (false, false, "the default features turn every group on"),
    };
    Verdict {
        client: Impact::breaking_if(client),
        server: Impact::breaking_if(server && !client_only),
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_required_request_field_breaks_callers_only() {
        let verdict = judge(Rule::MemberAdded { required: true }, Roles::REQUEST);
        assert_eq!(verdict.client, Impact::Breaking);
        assert_eq!(verdict.server, Impact::Compatible);
    }

    #[test]
    fn a_new_response_variant_breaks_the_client_that_matches_it() {
        let verdict = judge(Rule::ChoiceAdded, Roles::RESPONSE);
        assert_eq!(verdict.client, Impact::Breaking);
        assert_eq!(verdict.server, Impact::Compatible);
        let verdict = judge(Rule::ChoiceAdded, Roles::REQUEST);
        assert_eq!(verdict.client, Impact::Compatible);
        assert_eq!(verdict.server, Impact::Breaking);
    }

    #[test]
    fn a_builder_method_gone_breaks_clients_only() {
        let verdict = judge(Rule::Removed, Roles::CLIENT);
        assert_eq!(verdict.client, Impact::Breaking);
        assert_eq!(verdict.server, Impact::Compatible);
    }

    #[test]
    fn an_operation_in_another_group_breaks_builds_that_pick_groups() {
        let verdict = judge(Rule::GroupChanged, Roles::BOTH);
        assert_eq!(
            (verdict.client, verdict.server),
            (Impact::Breaking, Impact::Breaking)
        );
        let verdict = judge(Rule::GroupAssigned, Roles::BOTH);
        assert_eq!(
            (verdict.client, verdict.server),
            (Impact::Compatible, Impact::Compatible)
        );
    }

    #[test]
    fn changes_to_types_nothing_reaches_break_no_one() {
        for rule in [Rule::Removed, Rule::Retyped, Rule::ChoiceAdded] {
            let verdict = judge(rule, Roles::default());
            assert_eq!(
                (verdict.client, verdict.server),
                (Impact::Compatible, Impact::Compatible)
            );
        }
    }
}
