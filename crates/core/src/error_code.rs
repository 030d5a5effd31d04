//! The one error-code table. Every crate's error enum maps onto a [`Code`] so the CLI
//! and every API dialect draw the same code strings, HTTP statuses and doc links.

use std::fmt;

/// A stable, documented error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A request or flag value is wrong; `param` names it.
    InvalidParameter,
    /// The input exists but is not usable media (not a video, truncated, no audio …).
    InvalidMedia,
    /// The input could not be fetched (404, refused, too large).
    InputUnavailable,
    /// A required model file is missing or fails its checksum.
    ModelUnavailable,
    /// A remote service we depend on (remote ASR, LLM) failed.
    UpstreamFailed,
    /// Something was not found.
    NotFound,
    /// The work was cancelled.
    Cancelled,
    /// No API key, or one that is unknown or revoked.
    AuthenticationFailed,
    /// Too many requests for this key; `Retry-After` says when to come back.
    RateLimitExceeded,
    /// An `Idempotency-Key` replay while the first request still runs.
    RequestInProgress,
    /// The resource exists but is not in a state that allows this (an asset whose
    /// bytes have not arrived, a job that already finished).
    Conflict,
    /// A body larger than the endpoint accepts.
    PayloadTooLarge,
    /// Our own fault; details are logged, never shown.
    Internal,
}

impl Code {
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::InvalidParameter => "invalid_parameter",
            Code::InvalidMedia => "invalid_media",
            Code::InputUnavailable => "input_unavailable",
            Code::ModelUnavailable => "model_unavailable",
            Code::UpstreamFailed => "upstream_failed",
            Code::NotFound => "not_found",
            Code::Cancelled => "cancelled",
            Code::AuthenticationFailed => "authentication_failed",
            Code::RateLimitExceeded => "rate_limit_exceeded",
            Code::RequestInProgress => "request_in_progress",
            Code::Conflict => "conflict",
            Code::PayloadTooLarge => "payload_too_large",
            Code::Internal => "internal_error",
        }
    }

    /// HTTP status a dialect uses for this code.
    pub const fn http_status(self) -> u16 {
        match self {
            Code::InvalidParameter | Code::InvalidMedia | Code::InputUnavailable => 400,
            Code::NotFound => 404,
            Code::Cancelled | Code::RequestInProgress | Code::Conflict => 409,
            Code::AuthenticationFailed => 401,
            Code::RateLimitExceeded => 429,
            Code::PayloadTooLarge => 413,
            Code::UpstreamFailed => 502,
            Code::ModelUnavailable => 503,
            Code::Internal => 500,
        }
    }

    /// Process exit status for the CLI: 2 for the caller's mistakes, 1 for ours.
    pub const fn exit_status(self) -> i32 {
        match self {
            Code::InvalidParameter
            | Code::InvalidMedia
            | Code::InputUnavailable
            | Code::NotFound
            | Code::AuthenticationFailed
            | Code::Conflict
            | Code::PayloadTooLarge => 2,
            Code::RateLimitExceeded | Code::RequestInProgress => 75,
            Code::ModelUnavailable => 3,
            Code::Cancelled => 130,
            Code::UpstreamFailed | Code::Internal => 1,
        }
    }

    pub fn doc_url(self) -> String {
        format!("https://reelcut.dev/docs/errors#{}", self.as_str())
    }

    /// True when the caller (not infrastructure) is at fault: such job errors abort
    /// instead of retrying.
    pub const fn is_client_error(self) -> bool {
        matches!(
            self,
            Code::InvalidParameter
                | Code::InvalidMedia
                | Code::InputUnavailable
                | Code::NotFound
                | Code::AuthenticationFailed
                | Code::Conflict
                | Code::PayloadTooLarge
        )
    }
}

/// Every code, for documentation and the OpenAPI document.
pub const ALL_CODES: &[Code] = &[
    Code::InvalidParameter,
    Code::InvalidMedia,
    Code::InputUnavailable,
    Code::ModelUnavailable,
    Code::UpstreamFailed,
    Code::NotFound,
    Code::Cancelled,
    Code::AuthenticationFailed,
    Code::RateLimitExceeded,
    Code::RequestInProgress,
    Code::Conflict,
    Code::PayloadTooLarge,
    Code::Internal,
];

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Implemented by every crate's error enum.
pub trait ErrorCode {
    fn code(&self) -> Code;
    /// The parameter at fault, when there is one.
    fn param(&self) -> Option<&str> {
        None
    }
}
