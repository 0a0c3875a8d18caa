//! Keys the client makes up: version 4 UUIDs, a new one each time.

use super::new_key;

#[test]
fn made_up_keys_are_version_4_uuids_and_differ() {
    let keys: Vec<String> = (0..100).map(|_| new_key()).collect();
    for key in &keys {
        let groups: Vec<&str> = key.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{key}");
        assert!(
            key.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{key}"
        );
        assert!(groups[2].starts_with('4'), "version: {key}");
        assert!(
            groups[3].starts_with(['8', '9', 'a', 'b']),
            "variant: {key}"
        );
    }
    let distinct: std::collections::BTreeSet<&String> = keys.iter().collect();
    assert_eq!(distinct.len(), keys.len());
}
