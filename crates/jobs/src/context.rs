//! What a running job sees and reports: its context (the claim, the cancel token,
//! progress), how it ended, and the error type that carries a code from the table (so
//! the code, not the call site, decides retry or abort).

use std::sync::Arc;

use reelcut_core::{Code, Side, StoredError, Then};
use reelcut_store::{Claimed, NewClip};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// How one run of a job ended, as the job itself reports it.
pub enum Outcome {
    Completed {
        clips: Vec<NewClip>,
    },
    Failed(JobError),
    /// The job queued tasks and waits for them, held by no worker, until the last one
    /// ends or `recheck_ms` passes.
    Parked {
        recheck_ms: i64,
    },
}

/// A job error that says, where it happens, whether retrying can help (conventions #9).
#[derive(Debug, Clone)]
pub struct JobError {
    pub code: Code,
    pub message: String,
    pub param: Option<String>,
    /// The message is meant for the caller even when the code is server-side (it says
    /// what happened without internals, like "the job kept losing its worker").
    pub public: bool,
}

impl JobError {
    pub fn new(code: Code, message: impl Into<String>, param: Option<&str>) -> JobError {
        JobError {
            code,
            message: message.into(),
            param: param.map(str::to_string),
            public: false,
        }
    }

    /// Trouble on our side (a disk write, a database call) with its detail for the log.
    pub fn internal(error: impl std::fmt::Display) -> JobError {
        JobError::new(Code::Internal, error.to_string(), None)
    }

    /// A server-side error whose message is written for the caller.
    pub fn public(code: Code, message: impl Into<String>) -> JobError {
        JobError {
            public: true,
            ..JobError::new(code, message, None)
        }
    }

    pub fn from_error<E: reelcut_core::ErrorCode + std::fmt::Display>(error: &E) -> JobError {
        JobError::new(error.code(), error.to_string(), error.param())
    }

    /// The code decides (the error table): bad input and a cancel are final, trouble on
    /// our side is worth another try.
    pub fn retryable(&self) -> bool {
        self.code.then() == Then::Retry
    }

    pub(crate) fn stored(&self) -> StoredError {
        // A server-side error never leaks internals (paths, URLs): the detail goes to the
        // log, the row (and so Get and the webhook) says less.
        let message = match self.code.side() {
            Side::Server if !self.public => self.code.public_message().to_string(),
            _ => self.message.clone(),
        };
        StoredError {
            code: self.code.as_str().to_string(),
            message,
            param: self.param.clone(),
        }
    }
}

/// What a running job can report and watch.
#[derive(Clone)]
pub struct JobContext {
    pub claimed: Arc<Claimed>,
    pub cancel: CancellationToken,
    pub(crate) progress: watch::Sender<(i64, String)>,
}

impl JobContext {
    /// Progress 0–99 and the stage name; the heartbeat writes the latest value.
    pub fn progress(&self, percent: i64, stage: &str) {
        let _ = self.progress.send((percent, stage.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_job_error_keeps_server_side_detail_out() {
        let detail = "ffprobe not found at /opt/internal/bin (http://10.0.0.7/x)";
        for &code in reelcut_core::error_code::ALL_CODES {
            let stored = JobError::new(code, detail, Some("video")).stored();
            assert_eq!(stored.code, code.as_str());
            match code.side() {
                Side::Server => assert!(!stored.message.contains("/opt") && !stored.message.contains("10.0.0.7"), "{code}"),
                Side::Client => assert_eq!(stored.message, detail),
            }
        }
    }
}
