//! The job queue (conventions #8): one table holds status, lease owner and expiry,
//! attempts, progress and the stored error. A claim is one atomic `UPDATE … RETURNING`
//! (Postgres adds `FOR UPDATE SKIP LOCKED` so many workers never wait on each other;
//! SQLite has a single writer, so the statement is already exclusive). A running job
//! whose lease ran out — its worker died — is claimable again and resumes from the
//! stage artifacts it already stored.

use reelcut_core::{JobKind, JobStatus, StoredError};

use crate::page::{page_cursor, page_fetch_size, Page};
use crate::webhooks::OutboxEvent;
use crate::{new_id, now_ms, Dialect, NewClip, Store, StoreError};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct JobRow {
    pub id: String,
    pub workspace_id: String,
    pub kind: String,
    pub status: String,
    pub progress: i64,
    pub stage: Option<String>,
    pub title: Option<String>,
    pub input_language: Option<String>,
    pub source_duration: Option<f64>,
    /// The validated request, as JSON.
    pub request: String,
    /// The pipeline's stage timings (JSON), once it ran.
    pub stages: Option<String>,
    /// A [`StoredError`] as JSON when the job failed.
    pub error: Option<String>,
    pub callback_url: Option<String>,
    pub callback_id: Option<String>,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_after: i64,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<i64>,
    pub cancel_requested: i64,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The record that started this job (a video agent session for its videos).
    pub parent_id: Option<String>,
}

impl JobRow {
    /// Stored but waiting to be released (see [`NewJob::held`]).
    pub fn held(&self) -> bool {
        self.status() == JobStatus::Pending && self.run_after >= HELD_UNTIL
    }

    pub fn status(&self) -> JobStatus {
        JobStatus::parse(&self.status).unwrap_or(JobStatus::Failed)
    }
    pub fn kind(&self) -> Option<JobKind> {
        JobKind::parse(&self.kind)
    }
    pub fn stored_error(&self) -> Option<StoredError> {
        self.error.as_deref().and_then(|e| serde_json::from_str(e).ok())
    }
}

pub struct NewJob<'a> {
    pub workspace_id: &'a str,
    pub kind: JobKind,
    pub title: Option<&'a str>,
    pub input_language: Option<&'a str>,
    pub request: &'a serde_json::Value,
    pub callback_url: Option<&'a str>,
    pub callback_id: Option<&'a str>,
    pub max_attempts: i64,
    /// Stored but not run until [`Store::set_request`] releases it (a video waiting for
    /// its settings).
    pub held: bool,
    /// The record that started this job, when one did (a video agent session).
    pub parent_id: Option<&'a str>,
}

/// `run_after` of a held job: no worker claims it before it is released.
pub const HELD_UNTIL: i64 = i64::MAX / 2;

/// Where a job stands for the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Pending or running: everything it stored may still be read.
    Open,
    /// Completed, failed or cancelled.
    Ended,
    Deleted,
    /// No such row.
    Unknown,
}

/// A job a worker now holds.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub job: JobRow,
    pub worker_id: String,
}

/// How a job ended, written in one transaction with its clips and its outbox rows.
pub struct Finish<'a> {
    pub status: JobStatus,
    pub error: Option<&'a StoredError>,
    pub clips: &'a [NewClip],
    /// The webhook event (type, payload) to deliver; `None` sends nothing.
    pub event: Option<OutboxEvent>,
}

const CLAIMABLE: &str =
    "((status = 'pending' AND run_after <= $1) OR (status = 'running' AND lease_expires_at < $1)) AND deleted_at IS NULL";

impl Store {
    pub async fn insert_job(&self, new: NewJob<'_>) -> Result<JobRow, StoreError> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO jobs (id, workspace_id, kind, status, progress, title, input_language, request, callback_url, callback_id,
                               attempts, max_attempts, run_after, cancel_requested, created_at, updated_at, parent_id)
             VALUES ($1, $2, $3, 'pending', 0, $4, $5, $6, $7, $8, 0, $9, $10, 0, $10, $10, $11)",
        )
        .bind(&id)
        .bind(new.workspace_id)
        .bind(new.kind.as_str())
        .bind(new.title)
        .bind(new.input_language)
        .bind(new.request.to_string())
        .bind(new.callback_url)
        .bind(new.callback_id)
        .bind(new.max_attempts)
        .bind(now)
        .bind(new.parent_id)
        .execute(&self.pool)
        .await?;
        if new.held {
            sqlx::query("UPDATE jobs SET run_after = $1 WHERE id = $2")
                .bind(HELD_UNTIL)
                .bind(&id)
                .execute(&self.pool)
                .await?;
        } else {
            self.announce_job().await;
        }
        self.get_job(new.workspace_id, &id).await
    }

    /// Replaces a pending job's request; `release` lets a held job run now. A job that
    /// already started is a conflict.
    pub async fn set_request(
        &self,
        workspace_id: &str,
        job_id: &str,
        request: &serde_json::Value,
        release: bool,
    ) -> Result<JobRow, StoreError> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE jobs SET request = $1, run_after = CASE WHEN $2 = 1 THEN $3 ELSE run_after END, updated_at = $3
             WHERE workspace_id = $4 AND id = $5 AND status = 'pending' AND deleted_at IS NULL",
        )
        .bind(request.to_string())
        .bind(i64::from(release))
        .bind(now)
        .bind(workspace_id)
        .bind(job_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            let job = self.get_job(workspace_id, job_id).await?;
            return Err(StoreError::Conflict(format!("the job is already {}", job.status)));
        }
        if release {
            self.announce_job().await;
        }
        self.get_job(workspace_id, job_id).await
    }

    /// Runs a finished job again from the start, without its clips (they are deleted).
    pub async fn rerun_job(&self, workspace_id: &str, job_id: &str) -> Result<JobRow, StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE jobs SET status = 'pending', progress = 0, stage = NULL, error = NULL, attempts = 0, run_after = $1,
                             lease_owner = NULL, lease_expires_at = NULL, cancel_requested = 0, updated_at = $1
             WHERE workspace_id = $2 AND id = $3 AND status IN ('completed', 'failed', 'cancelled') AND deleted_at IS NULL",
        )
        .bind(now)
        .bind(workspace_id)
        .bind(job_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            drop(tx);
            let job = self.get_job(workspace_id, job_id).await?;
            return Err(StoreError::Conflict(format!("the job is {}", job.status)));
        }
        sqlx::query("DELETE FROM clips WHERE workspace_id = $1 AND job_id = $2")
            .bind(workspace_id)
            .bind(job_id)
            .execute(&mut *tx)
            .await?;
        // Its tasks start over too: the run is new, not resumed.
        sqlx::query("DELETE FROM jobs WHERE parent_id = $1 AND kind = $2")
            .bind(job_id)
            .bind(JobKind::AiClippingTask.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.get_job(workspace_id, job_id).await
    }

    /// A job of this workspace that has not been deleted.
    pub async fn get_job(&self, workspace_id: &str, job_id: &str) -> Result<JobRow, StoreError> {
        sqlx::query_as("SELECT * FROM jobs WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL")
            .bind(workspace_id)
            .bind(job_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("job"))
    }

    /// Newest first; `after` is the last id of the previous page.
    pub async fn list_jobs(
        &self,
        workspace_id: &str,
        kind: JobKind,
        limit: usize,
        after: Option<&str>,
    ) -> Result<Page<JobRow>, StoreError> {
        let items: Vec<JobRow> = sqlx::query_as(
            "SELECT * FROM jobs WHERE workspace_id = $1 AND kind = $2 AND deleted_at IS NULL AND id < $3
             ORDER BY id DESC LIMIT $4",
        )
        .bind(workspace_id)
        .bind(kind.as_str())
        .bind(page_cursor(after))
        .bind(page_fetch_size(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::from_overfetch(items, limit))
    }

    /// Soft delete: the row stays for the worker, which sees the cancel flag and stops.
    pub async fn delete_job(&self, workspace_id: &str, job_id: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE jobs SET deleted_at = $1, cancel_requested = 1, updated_at = $1
             WHERE workspace_id = $2 AND id = $3 AND deleted_at IS NULL",
        )
        .bind(now_ms())
        .bind(workspace_id)
        .bind(job_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("job"));
        }
        self.stop_tasks(&mut tx, job_id, true).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A pending job is cancelled at once; a running one is flagged and its worker stops
    /// it at the next heartbeat. Finished jobs are left as they are.
    pub async fn request_cancel(&self, workspace_id: &str, job_id: &str) -> Result<JobRow, StoreError> {
        let job = self.get_job(workspace_id, job_id).await?;
        let now = now_ms();
        match job.status() {
            JobStatus::Pending => {
                sqlx::query(
                    "UPDATE jobs SET status = 'cancelled', cancel_requested = 1, updated_at = $1 WHERE id = $2 AND status = 'pending'",
                )
                .bind(now)
                .bind(job_id)
                .execute(&self.pool)
                .await?;
            }
            JobStatus::Running => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("UPDATE jobs SET cancel_requested = 1, updated_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(job_id)
                    .execute(&mut *tx)
                    .await?;
                self.stop_tasks(&mut tx, job_id, false).await?;
                tx.commit().await?;
            }
            _ => return Err(StoreError::Conflict(format!("the job is already {}", job.status))),
        }
        self.get_job(workspace_id, job_id).await
    }

    /// Claims the oldest claimable job, or `None`.
    pub async fn claim_job(&self, worker_id: &str, lease_ms: i64) -> Result<Option<Claimed>, StoreError> {
        self.claim_job_of(worker_id, lease_ms, &[]).await
    }

    /// Claims the oldest claimable job of one of `kinds` (empty: any kind), or `None`.
    pub async fn claim_job_of(&self, worker_id: &str, lease_ms: i64, kinds: &[JobKind]) -> Result<Option<Claimed>, StoreError> {
        let now = now_ms();
        let of_kinds = if kinds.is_empty() {
            String::new()
        } else {
            let slots: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
            format!(" AND kind IN ({})", slots.join(", "))
        };
        let pick = match self.dialect {
            Dialect::Postgres => format!("SELECT id FROM jobs WHERE {CLAIMABLE}{of_kinds} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
            Dialect::Sqlite => format!("SELECT id FROM jobs WHERE {CLAIMABLE}{of_kinds} ORDER BY id LIMIT 1"),
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', lease_owner = $2, lease_expires_at = $3, attempts = attempts + 1, updated_at = $1
             WHERE id = ({pick}) RETURNING *"
        );
        let mut query = sqlx::query_as(&sql).bind(now).bind(worker_id).bind(now + lease_ms);
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        let job: Option<JobRow> = query.fetch_optional(&self.pool).await?;
        Ok(job.map(|job| Claimed {
            job,
            worker_id: worker_id.to_string(),
        }))
    }

    /// Extends the lease. `Ok(None)`: the lease was lost (another worker holds the job or
    /// it was deleted); `Ok(Some(cancel))` says whether a cancel was requested.
    pub async fn heartbeat(&self, claimed: &Claimed, lease_ms: i64) -> Result<Option<bool>, StoreError> {
        let now = now_ms();
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE jobs SET lease_expires_at = $1, updated_at = $2
             WHERE id = $3 AND lease_owner = $4 AND status = 'running' RETURNING cancel_requested",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(&claimed.job.id)
        .bind(&claimed.worker_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(cancel,)| cancel != 0))
    }

    /// Live progress, written as stages advance.
    pub async fn set_progress(&self, claimed: &Claimed, progress: i64, stage: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET progress = $1, stage = $2, updated_at = $3 WHERE id = $4 AND lease_owner = $5")
            .bind(progress.clamp(0, 99))
            .bind(stage)
            .bind(now_ms())
            .bind(&claimed.job.id)
            .bind(&claimed.worker_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// What probing and transcription learned about the source.
    pub async fn set_source(&self, claimed: &Claimed, duration: f64, language: Option<&str>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET source_duration = $1, input_language = COALESCE($2, input_language), updated_at = $3
             WHERE id = $4 AND lease_owner = $5",
        )
        .bind(duration)
        .bind(language)
        .bind(now_ms())
        .bind(&claimed.job.id)
        .bind(&claimed.worker_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn set_stages(&self, claimed: &Claimed, stages: &serde_json::Value) -> Result<(), StoreError> {
        sqlx::query("UPDATE jobs SET stages = $1 WHERE id = $2 AND lease_owner = $3")
            .bind(stages.to_string())
            .bind(&claimed.job.id)
            .bind(&claimed.worker_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Puts a job back in the queue after an infrastructure failure, to run again after
    /// `delay_ms`. Returns false when the lease was already lost.
    pub async fn retry_job(&self, claimed: &Claimed, error: &StoredError, delay_ms: i64) -> Result<bool, StoreError> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE jobs SET status = 'pending', run_after = $1, lease_owner = NULL, lease_expires_at = NULL, error = $2, updated_at = $3
             WHERE id = $4 AND lease_owner = $5 AND status = 'running'",
        )
        .bind(now + delay_ms)
        .bind(serde_json::to_string(error).expect("error serialises"))
        .bind(now)
        .bind(&claimed.job.id)
        .bind(&claimed.worker_id)
        .execute(&self.pool)
        .await?;
        if delay_ms == 0 {
            self.announce_job().await;
        }
        Ok(done.rows_affected() == 1)
    }
}

impl Store {
    /// Whether job `id` was deleted (its row stays, marked): its blobs are nobody's now.
    pub async fn job_deleted(&self, id: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM jobs WHERE id = $1 AND deleted_at IS NOT NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Where job `id` stands for the sweep, in any workspace.
    pub async fn job_standing(&self, id: &str) -> Result<Standing, StoreError> {
        let row: Option<(String, Option<i64>)> = sqlx::query_as("SELECT status, deleted_at FROM jobs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            None => Standing::Unknown,
            Some((_, Some(_))) => Standing::Deleted,
            Some((status, None)) if JobStatus::parse(&status).is_some_and(|s| s.is_terminal()) => Standing::Ended,
            Some(_) => Standing::Open,
        })
    }

    /// The blob keys job `id`'s clip rows point to (videos and thumbnails).
    pub async fn clip_blob_keys(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(Option<String>, Option<String>)> = sqlx::query_as("SELECT video_key, thumbnail_key FROM clips WHERE job_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().flat_map(|(v, t)| v.into_iter().chain(t)).collect())
    }

    /// Whether job `id` may still run (pending or running, not deleted) in any
    /// workspace: a worker's scratch folder for any other job is read by nobody again.
    pub async fn job_may_run(&self, id: &str) -> Result<bool, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT status FROM jobs WHERE id = $1 AND deleted_at IS NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .and_then(|(status,)| JobStatus::parse(&status))
            .is_some_and(|s| !s.is_terminal()))
    }

    /// Jobs per status across workspaces, for `/metrics`.
    pub async fn count_jobs_by_status(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT status, COUNT(*) FROM jobs WHERE deleted_at IS NULL GROUP BY status")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
