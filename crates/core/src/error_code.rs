//! The one error-code table. Every crate's error enum maps onto a [`Code`], and every
//! fact about a code — its string, the HTTP status a dialect answers with, the CLI's exit
//! status, whose fault it is, and whether a job that hit it runs again — is one row
//! below (the shape of meilisearch's `make_error_codes!`), so no call site decides any of
//! them.
//!
//! There is no `doc_url` per code: the README's error table is the documentation, and a
//! self-hosted install has no public page to point at (the v3 body keeps the field, null).

use std::fmt;

/// Whose fault an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The caller's request or media: shown to them in full.
    Client,
    /// Ours (infrastructure, a bug, a missing model): the detail is logged once and the
    /// caller sees a generic message.
    Server,
}

/// What a job that failed with the code does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Runs again after a back-off, up to the job's attempt budget.
    Retry,
    /// Fails for good: running it again cannot help.
    Abort,
}

macro_rules! make_error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $http:literal, $exit:literal, $side:ident, $then:ident; )*) => {
        /// A stable, documented error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        /// Every code, in table order.
        pub const ALL_CODES: &[Code] = &[$( Code::$variant, )*];

        impl Code {
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The HTTP status every dialect answers with.
            pub const fn http_status(self) -> u16 {
                match self { $( Code::$variant => $http, )* }
            }

            /// The CLI's exit status: 2 for the caller's mistakes, 1 for ours, 3 for a
            /// missing model, 75 (EX_TEMPFAIL) for "try later", 130 for a cancel.
            pub const fn exit_status(self) -> i32 {
                match self { $( Code::$variant => $exit, )* }
            }

            pub const fn side(self) -> Side {
                match self { $( Code::$variant => Side::$side, )* }
            }

            /// Whether a job that failed with this code runs again.
            pub const fn then(self) -> Then {
                match self { $( Code::$variant => Then::$then, )* }
            }

            pub fn parse(text: &str) -> Option<Code> {
                match text { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

make_error_codes! {
    /// A request or flag value is wrong; `param` names it.
    InvalidParameter => "invalid_parameter", 400, 2, Client, Abort;
    /// The input exists but is not usable media (not a video, truncated, no audio …).
    InvalidMedia => "invalid_media", 400, 2, Client, Abort;
    /// The input could not be fetched (404, refused, too large).
    InputUnavailable => "input_unavailable", 400, 2, Client, Abort;
    /// A required model file is missing or fails its checksum (an operator can fix it).
    ModelUnavailable => "model_unavailable", 503, 3, Server, Retry;
    /// A remote service we depend on (remote ASR, LLM) failed.
    UpstreamFailed => "upstream_failed", 502, 1, Server, Retry;
    /// Translation to the requested language needs a backend this server does not
    /// have configured; the message names the setting.
    TranslationUnavailable => "translation_unavailable", 400, 2, Client, Abort;
    /// Something was not found.
    NotFound => "not_found", 404, 2, Client, Abort;
    /// The work was cancelled.
    Cancelled => "cancelled", 409, 130, Client, Abort;
    /// No API key, or one that is unknown or revoked.
    AuthenticationFailed => "authentication_failed", 401, 2, Client, Abort;
    /// The key is valid but the resource belongs to another workspace (a dialect that
    /// says so, as ScaleReach does for a workspace id that is not the key's).
    Forbidden => "forbidden", 403, 2, Client, Abort;
    /// Too many requests for this key; `Retry-After` says when to come back.
    RateLimitExceeded => "rate_limit_exceeded", 429, 75, Client, Retry;
    /// An `Idempotency-Key` replay while the first request still runs.
    RequestInProgress => "request_in_progress", 409, 75, Client, Retry;
    /// The resource exists but is not in a state that allows this (an asset whose
    /// bytes have not arrived, a job that already finished).
    Conflict => "conflict", 409, 2, Client, Abort;
    /// A body larger than the endpoint accepts.
    PayloadTooLarge => "payload_too_large", 413, 2, Client, Abort;
    /// Our own fault (a missing tool, a timeout, a disk or database failure, a panic);
    /// details are logged, never shown.
    Internal => "internal_error", 500, 1, Server, Retry;
}

impl Code {
    /// What a caller is told instead of a server-side error's detail.
    pub const fn public_message(self) -> &'static str {
        match self {
            Code::ModelUnavailable => "A model this request needs is not available on the server. The details have been logged.",
            Code::UpstreamFailed => "A service the server depends on failed. The details have been logged.",
            _ => "Internal error. It has been logged.",
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        for &code in ALL_CODES {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            let http = code.http_status();
            // 5xx and server-side are the same thing, and server-side trouble retries.
            assert_eq!(http >= 500, code.side() == Side::Server, "{code}");
            if code.side() == Side::Server {
                assert_eq!(code.then(), Then::Retry, "{code}");
            }
            assert!(code.exit_status() != 0, "{code}");
        }
    }
}
