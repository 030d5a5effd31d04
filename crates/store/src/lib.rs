//! The store room: every row the service keeps, in SQLite (the embedded default: one WAL
//! file) or Postgres (scale-out), and every byte it keeps, through `object_store` (a
//! local directory by default, S3 at scale).
//!
//! One SQL implementation serves both databases through sqlx's `Any` driver: the schema
//! is written in the subset both understand, and the few statements that differ (the
//! queue claim) branch on [`Dialect`]. The same test suite runs against both.
//! Every query that reads or changes a workspace's data takes the workspace id, so one
//! workspace can never see another's rows.

mod assets;
pub mod blobs;
mod children;
mod clips;
mod db;
mod finish;
mod idempotency;
mod jobs;
mod keys;
mod page;
mod sessions;
mod wakeup;
mod webhooks;

pub use assets::{Asset, AssetStatus, NewAsset};
pub use blobs::{Blobs, Part};
pub use children::{task_id, TASK_NUMBER_DIGITS};
pub use clips::{ClipRow, NewClip};
pub use db::{Dialect, Store};
pub use idempotency::{IdempotencyOutcome, StoredResponse};
pub use jobs::{Claimed, Finish, JobRow, NewJob, Standing, HELD_UNTIL};
pub use keys::{ApiKey, Workspace};
pub use page::Page;
pub use sessions::{NewSession, SessionRow, SessionUpdate};
pub use wakeup::{Wakeup, CHANNEL as JOB_CHANNEL};
pub use webhooks::{Delivery, NewEndpoint, OutboxEvent, WebhookEndpoint, WebhookEvent};

use reelcut_core::{Code, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("blob store: {0}")]
    Blob(#[from] object_store::Error),
    #[error("unsupported database url `{0}` (expected sqlite://PATH or postgres://…)")]
    UnsupportedUrl(String),
    #[error("unsupported blob url `{0}` (expected file:///DIR or s3://bucket/prefix)")]
    UnsupportedBlobUrl(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// What the database returned does not read back (a bug or a damaged row).
    #[error("unreadable row: {0}")]
    Corrupt(String),
}

impl ErrorCode for StoreError {
    fn code(&self) -> Code {
        match self {
            StoreError::NotFound(_) => Code::NotFound,
            StoreError::Conflict(_) => Code::Conflict,
            StoreError::UnsupportedUrl(_) | StoreError::UnsupportedBlobUrl(_) => Code::InvalidParameter,
            _ => Code::Internal,
        }
    }
}

/// Milliseconds since the Unix epoch: the one time unit rows store.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A new row id: UUIDv7 in simple hex, so ids sort by creation time and a page cursor
/// can be the last id seen.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}
