use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderValue};

use super::{Scheme, Signer, Verifier, WebhookError};

// Standard Webhooks' own vector: `test_sign_function` in the reference Python library's
// tests, https://github.com/standard-webhooks/standard-webhooks/blob/main/libraries/python/tests/test_webhooks.py
// (the same key, id, timestamp, payload and signature appear in its other libraries' tests).
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STANDARD_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const STANDARD_TIMESTAMP: u64 = 1_614_265_330;
const STANDARD_PAYLOAD: &str = r#"{"test": 2432232314}"#;
const STANDARD_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
// The same tests' "invalid signature": the valid one with its last base64 digit changed.
const STANDARD_WRONG_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn standard_headers(signature: &str, timestamp: u64) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", HeaderValue::from_static(STANDARD_ID));
    headers.insert("webhook-timestamp", HeaderValue::from(timestamp));
    headers.insert(
        "webhook-signature",
        HeaderValue::from_str(signature).expect("ascii"),
    );
    headers
}

fn standard_verifier() -> Verifier {
    Verifier::new(Scheme::StandardWebhooks, STANDARD_SECRET).expect("the secret reads")
}

#[test]
fn standard_webhooks_signs_the_published_vector() {
    let signer = Signer::new(Scheme::StandardWebhooks, STANDARD_SECRET).expect("reads");
    let headers = signer
        .headers_at(
            STANDARD_ID,
            STANDARD_PAYLOAD.as_bytes(),
            at(STANDARD_TIMESTAMP),
        )
        .expect("signs");
    assert_eq!(headers["webhook-signature"], STANDARD_SIGNATURE);
    assert_eq!(headers["webhook-id"], STANDARD_ID);
    assert_eq!(headers["webhook-timestamp"], "1614265330");
}

#[test]
fn standard_webhooks_verifies_the_published_vector_with_or_without_the_prefix() {
    let headers = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    let now = at(STANDARD_TIMESTAMP + 10);
    for secret in [STANDARD_SECRET, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] {
        let verifier = Verifier::new(Scheme::StandardWebhooks, secret).expect("reads");
        assert_eq!(
            verifier.verify_at(&headers, STANDARD_PAYLOAD.as_bytes(), now),
            Ok(())
        );
    }
    let wrong = standard_headers(STANDARD_WRONG_SIGNATURE, STANDARD_TIMESTAMP);
    assert_eq!(
        standard_verifier().verify_at(&wrong, STANDARD_PAYLOAD.as_bytes(), now),
        Err(WebhookError::NoValidSignature)
    );
}

#[test]
fn a_tampered_body_or_a_wrong_secret_fails() {
    let headers = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    let now = at(STANDARD_TIMESTAMP);
    let tampered = br#"{"test": 2432232315}"#;
    assert_eq!(
        standard_verifier().verify_at(&headers, tampered, now),
        Err(WebhookError::NoValidSignature)
    );
    let other =
        Verifier::new(Scheme::StandardWebhooks, "whsec_c2VjcmV0IG9mIGFub3RoZXI=").expect("reads");
    assert_eq!(
        other.verify_at(&headers, STANDARD_PAYLOAD.as_bytes(), now),
        Err(WebhookError::NoValidSignature)
    );
}

#[test]
fn timestamps_outside_the_tolerance_fail_on_either_side() {
    let headers = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    let body = STANDARD_PAYLOAD.as_bytes();
    let verifier = standard_verifier();
    let tolerance = super::DEFAULT_TOLERANCE.as_secs();
    // The edges are inside; one second past them is not.
    assert_eq!(
        verifier.verify_at(&headers, body, at(STANDARD_TIMESTAMP + tolerance)),
        Ok(())
    );
    assert_eq!(
        verifier.verify_at(&headers, body, at(STANDARD_TIMESTAMP + tolerance + 1)),
        Err(WebhookError::Expired)
    );
    assert_eq!(
        verifier.verify_at(&headers, body, at(STANDARD_TIMESTAMP - tolerance)),
        Ok(())
    );
    assert_eq!(
        verifier.verify_at(&headers, body, at(STANDARD_TIMESTAMP - tolerance - 1)),
        Err(WebhookError::FromTheFuture)
    );
    let strict = standard_verifier().with_tolerance(Duration::from_secs(1));
    assert_eq!(
        strict.verify_at(&headers, body, at(STANDARD_TIMESTAMP + 2)),
        Err(WebhookError::Expired)
    );
}

#[test]
fn one_valid_signature_among_several_is_enough() {
    // The shape of the reference tests' `test_multi_sig_payload_is_valid`: other versions and
    // wrong `v1` entries around the valid one.
    let list = format!(
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= \
         {STANDARD_SIGNATURE} v1,not-base64!"
    );
    let headers = standard_headers(&list, STANDARD_TIMESTAMP);
    let now = at(STANDARD_TIMESTAMP);
    assert_eq!(
        standard_verifier().verify_at(&headers, STANDARD_PAYLOAD.as_bytes(), now),
        Ok(())
    );
    let without_valid = list.replace(STANDARD_SIGNATURE, "");
    let headers = standard_headers(&without_valid, STANDARD_TIMESTAMP);
    assert_eq!(
        standard_verifier().verify_at(&headers, STANDARD_PAYLOAD.as_bytes(), now),
        Err(WebhookError::NoValidSignature)
    );
}

#[test]
fn a_rotated_secret_and_the_old_one_both_pass() {
    let new_secret = "whsec_bmV3IHNlY3JldCBhZnRlciByb3RhdGlvbg==";
    let verifier = Verifier::new(Scheme::StandardWebhooks, new_secret)
        .and_then(|verifier| verifier.with_secret(STANDARD_SECRET))
        .expect("reads");
    let now = at(STANDARD_TIMESTAMP);
    let old = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    assert_eq!(
        verifier.verify_at(&old, STANDARD_PAYLOAD.as_bytes(), now),
        Ok(())
    );
    let signer = Signer::new(Scheme::StandardWebhooks, new_secret).expect("reads");
    let new = signer.headers_at(STANDARD_ID, b"{}", now).expect("signs");
    assert_eq!(verifier.verify_at(&new, b"{}", now), Ok(()));
    // Without the new secret, the new signature fails: the pass above is the rotation's doing.
    assert_eq!(
        standard_verifier().verify_at(&new, b"{}", now),
        Err(WebhookError::NoValidSignature)
    );
}

#[test]
fn missing_or_malformed_headers_are_malformed_requests() {
    let now = at(STANDARD_TIMESTAMP);
    let body = STANDARD_PAYLOAD.as_bytes();
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut headers = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
        headers.remove(name);
        let error = standard_verifier()
            .verify_at(&headers, body, now)
            .expect_err("refused");
        assert_eq!(error, WebhookError::MissingHeader(name));
        assert!(error.is_malformed());
    }
    let mut headers = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    headers.insert("webhook-timestamp", HeaderValue::from_static("hello"));
    assert_eq!(
        standard_verifier().verify_at(&headers, body, now),
        Err(WebhookError::MalformedHeader("webhook-timestamp"))
    );
    assert!(!WebhookError::NoValidSignature.is_malformed());
    assert!(!WebhookError::Expired.is_malformed());
}

#[test]
fn stripe_style_signatures_verify_and_fail() {
    // Computed independently with Python's hmac module:
    // hmac.new(b"whsec_test_secret", b"1614265330." + payload, hashlib.sha256).hexdigest()
    let expected = "10c96c6fd3f320fcfc264cdc4f476c15060ede8e8a08404cea2ddf3b72544a9c";
    let signer = Signer::new(Scheme::Stripe, "whsec_test_secret").expect("reads");
    let headers = signer
        .headers_at(
            "ignored",
            STANDARD_PAYLOAD.as_bytes(),
            at(STANDARD_TIMESTAMP),
        )
        .expect("signs");
    assert_eq!(
        headers["stripe-signature"],
        format!("t=1614265330,v1={expected}").as_str()
    );
    let verifier = Verifier::new(Scheme::Stripe, "whsec_other")
        .and_then(|verifier| verifier.with_secret("whsec_test_secret"))
        .expect("reads");
    let mut several = HeaderMap::new();
    let value = format!("t=1614265330,v1={},v1={expected},v0=abc", "00".repeat(32));
    several.insert(
        "stripe-signature",
        HeaderValue::from_str(&value).expect("ascii"),
    );
    let now = at(STANDARD_TIMESTAMP + 1);
    assert_eq!(
        verifier.verify_at(&several, STANDARD_PAYLOAD.as_bytes(), now),
        Ok(())
    );
    assert_eq!(
        verifier.verify_at(&several, b"{}", now),
        Err(WebhookError::NoValidSignature)
    );
    assert_eq!(
        verifier.verify_at(
            &several,
            STANDARD_PAYLOAD.as_bytes(),
            at(STANDARD_TIMESTAMP + 3600)
        ),
        Err(WebhookError::Expired)
    );
    let mut untimed = HeaderMap::new();
    untimed.insert("stripe-signature", HeaderValue::from_static("v1=00"));
    assert_eq!(
        verifier.verify_at(&untimed, b"{}", now),
        Err(WebhookError::MalformedHeader("stripe-signature"))
    );
}

#[test]
fn github_style_signatures_verify_the_documented_example() {
    // GitHub's documented example ("Validating webhook deliveries", docs.github.com): secret
    // "It's a Secret to Everybody", payload "Hello, World!"; the value was also recomputed
    // with Python's hmac module.
    let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let secret = "It's a Secret to Everybody";
    let signer = Signer::new(Scheme::GitHub, secret).expect("reads");
    let headers = signer.headers("ignored", b"Hello, World!").expect("signs");
    assert_eq!(headers["x-hub-signature-256"], expected);
    let verifier = Verifier::new(Scheme::GitHub, secret).expect("reads");
    assert_eq!(verifier.verify(&headers, b"Hello, World!"), Ok(()));
    assert_eq!(
        verifier.verify(&headers, b"Hello, World?"),
        Err(WebhookError::NoValidSignature)
    );
    let mut upper = HeaderMap::new();
    upper.insert(
        "x-hub-signature-256",
        HeaderValue::from_str(&expected.to_ascii_uppercase().replace("SHA256=", "sha256="))
            .expect("ascii"),
    );
    assert_eq!(verifier.verify(&upper, b"Hello, World!"), Ok(()));
    let mut bad = HeaderMap::new();
    bad.insert("x-hub-signature-256", HeaderValue::from_static("sha1=abc"));
    assert_eq!(
        verifier.verify(&bad, b"Hello, World!"),
        Err(WebhookError::MalformedHeader("x-hub-signature-256"))
    );
}

#[test]
fn secrets_never_show_in_debug_or_errors() {
    let text = "whsec_c2VjcmV0IHRoYXQgbXVzdCBub3QgbGVhaw==";
    let verifier = Verifier::new(Scheme::StandardWebhooks, text).expect("reads");
    let signer = Signer::new(Scheme::Stripe, text).expect("reads");
    let secret = super::Secret::parse(Scheme::GitHub, text).expect("reads");
    let shown = format!("{verifier:?} {signer:?} {secret:?}");
    assert!(!shown.contains("c2VjcmV0"), "{shown}");
    assert!(!shown.contains("secret that"), "{shown}");
    assert!(shown.contains("secrets: 1"), "{shown}");
    let headers = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    let error = verifier
        .verify_at(&headers, b"{}", at(STANDARD_TIMESTAMP))
        .expect_err("wrong secret");
    let message = format!("{error} {error:?}");
    assert!(
        !message.contains("c2VjcmV0") && !message.contains("g0hM9SsE"),
        "{message}"
    );
}

#[test]
fn unusable_secrets_are_refused_without_echoing_them() {
    for text in ["", "whsec_", "whsec_not base64!"] {
        let error = Verifier::new(Scheme::StandardWebhooks, text).expect_err("refused");
        assert_eq!(error, WebhookError::InvalidSecret);
        assert!(!error.to_string().contains("not base64"));
    }
    assert_eq!(
        Signer::new(Scheme::GitHub, "").map(|_| ()),
        Err(WebhookError::InvalidSecret)
    );
}

#[test]
fn hex_round_trips_and_refuses_non_hex() {
    assert_eq!(super::hex(&[0x00, 0xab, 0xff]), "00abff");
    assert_eq!(super::unhex("00ABff"), Some(vec![0x00, 0xab, 0xff]));
    assert_eq!(super::unhex("0"), None);
    assert_eq!(super::unhex("zz"), None);
    assert_eq!(super::unhex("é0"), None);
}

#[cfg(feature = "server")]
#[test]
fn the_routers_refusal_is_400_when_malformed_and_401_when_unauthenticated() {
    let verifier = standard_verifier();
    let body = STANDARD_PAYLOAD.as_bytes();
    let unsigned = super::check(&verifier, &HeaderMap::new(), body).expect_err("refused");
    assert_eq!(unsigned.status, http::StatusCode::BAD_REQUEST);
    assert!(
        unsigned.detail.contains("webhook-id"),
        "{}",
        unsigned.detail
    );
    // The published vector is years old: refused as a replay, without echoing what was sent.
    let old = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    let replay = super::check(&verifier, &old, body).expect_err("refused");
    assert_eq!(replay.status, http::StatusCode::UNAUTHORIZED);
    assert!(!replay.detail.contains("g0hM9SsE"), "{}", replay.detail);
    let signer = Signer::new(Scheme::StandardWebhooks, STANDARD_SECRET).expect("reads");
    let fresh = signer.headers(STANDARD_ID, body).expect("signs");
    assert!(super::check(&verifier, &fresh, body).is_ok());
}

#[test]
fn svix_named_headers_verify_too_but_never_mixed() {
    let standard = standard_headers(STANDARD_SIGNATURE, STANDARD_TIMESTAMP);
    let mut svix = HeaderMap::new();
    for (name, value) in &standard {
        let renamed = name.as_str().replace("webhook-", "svix-");
        let renamed = http::HeaderName::from_bytes(renamed.as_bytes()).expect("a header name");
        svix.insert(renamed, value.clone());
    }
    let now = at(STANDARD_TIMESTAMP);
    let body = STANDARD_PAYLOAD.as_bytes();
    assert_eq!(standard_verifier().verify_at(&svix, body, now), Ok(()));
    // A `webhook-id` present means the standard's names: a Svix signature is not looked for.
    let mut mixed = svix.clone();
    mixed.insert("webhook-id", HeaderValue::from_static(STANDARD_ID));
    assert_eq!(
        standard_verifier().verify_at(&mixed, body, now),
        Err(WebhookError::MissingHeader("webhook-timestamp"))
    );
}
