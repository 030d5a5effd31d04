pub mod assets;
pub mod blobs;
pub mod clipping;
pub mod health;
pub mod webhooks;

use serde::Serialize;
use utoipa::ToSchema;

/// `{"data": …}`: every success body is wrapped.
#[derive(Debug, Serialize, ToSchema)]
pub struct Data<T> {
    pub data: T,
}

/// `{"data": [...], "has_more", "next_token"}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListPage<T> {
    pub data: Vec<T>,
    /// Whether more pages are available.
    pub has_more: bool,
    /// Opaque cursor for the next page.
    pub next_token: Option<String>,
}

pub fn data<T>(data: T) -> axum::Json<Data<T>> {
    axum::Json(Data { data })
}

/// Accepts only http(s) URLs (for callbacks and webhook endpoints).
pub fn check_http_url(param: &str, raw: &str) -> Result<(), crate::error::ApiError> {
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        _ => Err(crate::error::ApiError::invalid(
            param,
            format!("'{param}' must be an http or https URL."),
        )),
    }
}
