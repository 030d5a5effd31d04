//! Request parsing with errors in the dialect's shape: JSON bodies name the field that
//! failed (`output_settings.aspect_ratio`), list queries check `limit` and open the
//! opaque page token.

use std::collections::HashMap;

use axum::extract::{FromRequest, Request};
use bytes::Bytes;
use reelcut_jobs::signing::Signer;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body; a parse failure is `invalid_parameter` with the failing field as `param`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::invalid("body", format!("the request body could not be read: {e}")))?;
        parse_json(&bytes).map(JsonBody)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid("body", "a JSON request body is required"));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let param = if path == "." || path.is_empty() { "body".to_string() } else { path };
        // serde names the unknown or missing field in its message; keep its wording.
        let message = inner.to_string();
        let param = unknown_or_missing_field(&message)
            .map(|field| join(&param, &field))
            .unwrap_or(param);
        ApiError::invalid(&param, message)
    })
}

fn unknown_or_missing_field(message: &str) -> Option<String> {
    for prefix in ["unknown field `", "missing field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return rest.split('`').next().map(str::to_string);
        }
    }
    None
}

/// serde's path already ends at an unknown field but stops at the parent of a missing one.
fn join(path: &str, field: &str) -> String {
    if path == field || path.ends_with(&format!(".{field}")) {
        path.to_string()
    } else if path == "body" {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// `limit` and `token` of a list request.
pub struct PageRequest {
    pub limit: usize,
    /// The last id of the previous page, from a verified token.
    pub after: Option<String>,
}

impl PageRequest {
    /// `scope` binds tokens to one workspace's one list.
    pub fn parse(query: &HashMap<String, String>, default_limit: usize, signer: &Signer, scope: &str) -> Result<PageRequest, ApiError> {
        let limit = match query.get("limit") {
            None => default_limit,
            Some(raw) => match raw.trim().parse::<i64>() {
                Ok(n) if (1..=100).contains(&n) => n as usize,
                _ => return Err(ApiError::invalid("limit", "'limit' must be between 1 and 100.")),
            },
        };
        let after = match query.get("token").filter(|t| !t.is_empty()) {
            None => None,
            Some(token) => Some(
                signer
                    .open(scope, token)
                    .ok_or_else(|| ApiError::invalid("token", "'token' is not a valid page token for this list."))?,
            ),
        };
        Ok(PageRequest { limit, after })
    }

    pub fn next_token(signer: &Signer, scope: &str, has_more: bool, last_id: Option<&str>) -> Option<String> {
        match (has_more, last_id) {
            (true, Some(id)) => Some(signer.seal(scope, id)),
            _ => None,
        }
    }
}
