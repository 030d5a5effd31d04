//! The one adapter from domain errors to HeyGen's `StandardAPIError` shape:
//! `{"error": {"code", "message", "param", "doc_url"}}`, with the HTTP status from the
//! shared code table. Server-side (5xx) bodies never carry internals: the detail is
//! logged here, once, when the response is made, and the body says the code's public
//! message. `doc_url` is always null (the error table in the README is the documentation).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use reelcut_core::{Code, ErrorCode, Side};
use reelcut_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    pub param: Option<String>,
    /// Seconds, for `429 rate_limit_exceeded`.
    pub retry_after: Option<u64>,
}

/// Machine-readable error (HeyGen `StandardAPIError`).
#[derive(Debug, Serialize, ToSchema)]
pub struct StandardApiError {
    /// Machine-readable error code.
    pub code: String,
    /// Human-readable error message.
    pub message: String,
    /// Which request field caused the error.
    pub param: Option<String>,
    /// Link to error documentation.
    pub doc_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: StandardApiError,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            param: None,
            retry_after: None,
        }
    }

    pub fn invalid(param: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(Code::InvalidParameter, message).with_param(param)
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(Code::NotFound, format!("{what} not found"))
    }

    /// For store calls on one resource: a missing row is this 404 (`what not found`);
    /// any other store error keeps its own code, so a database failure is a logged 500
    /// and never passes for "not found".
    pub fn not_found_as(what: &'static str) -> impl FnOnce(StoreError) -> ApiError {
        move |error| match error {
            StoreError::NotFound(_) => ApiError::not_found(what),
            other => other.into(),
        }
    }

    /// Like [`ApiError::not_found_as`], for a missing row the request named in `param`.
    pub fn invalid_if_missing(param: &'static str, message: String) -> impl FnOnce(StoreError) -> ApiError {
        move |error| match error {
            StoreError::NotFound(_) => ApiError::invalid(param, message),
            other => other.into(),
        }
    }

    pub fn with_param(mut self, param: &str) -> ApiError {
        self.param = Some(param.to_string());
        self
    }

    /// The body a caller sees: a server-side error's detail is replaced by the code's
    /// public message.
    pub fn body(&self) -> ErrorBody {
        let message = match self.code.side() {
            Side::Client => self.message.clone(),
            Side::Server => self.code.public_message().to_string(),
        };
        ErrorBody {
            error: StandardApiError {
                code: self.code.as_str().to_string(),
                message,
                param: self.param.clone(),
                doc_url: None,
            },
        }
    }
}

impl<E: ErrorCode + std::fmt::Display> From<E> for ApiError {
    fn from(error: E) -> ApiError {
        ApiError {
            code: error.code(),
            message: error.to_string(),
            param: error.param().map(str::to_string),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.code.side() == Side::Server {
            tracing::error!(code = %self.code, detail = %self.message, "server error");
        }
        let status = StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self.body())).into_response();
        // A dialect's layer re-renders the error in its own shape from this.
        response.extensions_mut().insert(self.clone());
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                "retry-after",
                HeaderValue::from_str(&seconds.to_string()).expect("digits are a valid header"),
            );
        }
        response
    }
}
