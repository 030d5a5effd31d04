//! Every code of the error table, walked: the HTTP status and body a dialect answers
//! with, the CLI's exit status, whose fault it is and whether a job retries — against
//! an expectation written out here, not derived from the table — and no server-side
//! body carries the detail (paths, internal URLs) that caused it.

use axum::response::IntoResponse;
use http_body_util::BodyExt;
use reelcut_api::error::ApiError;
use reelcut_core::error_code::ALL_CODES;
use reelcut_core::{Code, Side, Then};

/// (code, HTTP status, exit status, side, then)
const EXPECTED: &[(&str, u16, i32, Side, Then)] = &[
    ("invalid_parameter", 400, 2, Side::Client, Then::Abort),
    ("invalid_media", 400, 2, Side::Client, Then::Abort),
    ("input_unavailable", 400, 2, Side::Client, Then::Abort),
    ("model_unavailable", 503, 3, Side::Server, Then::Retry),
    ("upstream_failed", 502, 1, Side::Server, Then::Retry),
    ("not_found", 404, 2, Side::Client, Then::Abort),
    ("translation_unavailable", 400, 2, Side::Client, Then::Abort),
    ("cancelled", 409, 130, Side::Client, Then::Abort),
    ("authentication_failed", 401, 2, Side::Client, Then::Abort),
    ("forbidden", 403, 2, Side::Client, Then::Abort),
    ("rate_limit_exceeded", 429, 75, Side::Client, Then::Retry),
    ("request_in_progress", 409, 75, Side::Client, Then::Retry),
    ("conflict", 409, 2, Side::Client, Then::Abort),
    ("payload_too_large", 413, 2, Side::Client, Then::Abort),
    ("internal_error", 500, 1, Side::Server, Then::Retry),
];

const DETAIL: &str = "model.bin missing under /root/.local/share/reelcut/models (asked http://10.0.0.7:3900/bucket)";

#[tokio::test]
async fn every_code_answers_as_its_row_says() {
    assert_eq!(ALL_CODES.len(), EXPECTED.len(), "a code without an expectation");
    for &code in ALL_CODES {
        let &(_, status, exit, side, then) = EXPECTED
            .iter()
            .find(|row| row.0 == code.as_str())
            .unwrap_or_else(|| panic!("{code} has no expected row"));
        assert_eq!((code.exit_status(), code.side(), code.then()), (exit, side, then), "{code}");

        let response = ApiError::new(code, DETAIL).with_param("video").into_response();
        assert_eq!(response.status().as_u16(), status, "{code}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["error"]["code"], code.as_str());
        let message = body["error"]["message"].as_str().unwrap();
        if status >= 500 {
            for leak in ["/root", "models", "10.0.0.7", "bucket", "model.bin"] {
                assert!(!message.contains(leak), "{code} body leaks {leak:?}: {message}");
            }
        } else {
            assert_eq!(message, DETAIL, "{code}: the caller's own errors are shown in full");
        }
    }
    assert_eq!(Code::parse("no_such_code"), None);
}
