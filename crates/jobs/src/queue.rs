//! Putting a command on the queue: the one door every dialect uses, so the retry budget
//! and the stored form of a request are decided here and nowhere else.

use reelcut_store::{JobRow, NewJob, StoreError};

use crate::command::{ClipCommand, Command};
use crate::Service;

/// How many times a job runs before a retryable failure (or a worker dying under it)
/// becomes final.
pub const MAX_ATTEMPTS: i64 = 3;

/// What the caller attached to a job besides the command: shown back, never acted on by
/// the pipeline.
#[derive(Debug, Clone, Default)]
pub struct JobLabels {
    pub title: Option<String>,
    pub callback_url: Option<String>,
    pub callback_id: Option<String>,
}

impl Service {
    /// Stores `command` as a pending job in `workspace_id`.
    pub async fn enqueue(&self, workspace_id: &str, command: &Command, labels: &JobLabels) -> Result<JobRow, StoreError> {
        self.enqueue_as(workspace_id, command, labels, false).await
    }

    /// Like [`Service::enqueue`]; a `held` job waits until `Store::set_request` releases it.
    pub async fn enqueue_as(&self, workspace_id: &str, command: &Command, labels: &JobLabels, held: bool) -> Result<JobRow, StoreError> {
        let language = match command {
            Command::Clip(ClipCommand { language, .. }) => language.as_ref().map(|l| l.as_str()),
            Command::Render(_) | Command::Export(_) | Command::Agent(_) | Command::ClipTask(_) => None,
        };
        self.store
            .insert_job(NewJob {
                workspace_id,
                kind: command.kind(),
                title: labels.title.as_deref(),
                input_language: language,
                request: &serde_json::to_value(command).expect("commands serialise"),
                callback_url: labels.callback_url.as_deref(),
                callback_id: labels.callback_id.as_deref(),
                max_attempts: MAX_ATTEMPTS,
                held,
                parent_id: command.parent(),
            })
            .await
    }
}
