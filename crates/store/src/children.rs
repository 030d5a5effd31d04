//! A job spread over workers. Its tasks are rows of the same queue (kind
//! `ai_clipping_task`, `parent_id` the job), each with an id made of the job's id and the
//! task's name, so queuing a task twice (a step run again after a crash) queues it once.
//! While its tasks run the job is parked: still `running` to callers, held by no worker,
//! its lease set to a recheck time. The last task to end wakes it, in the transaction
//! that ends the task and with the job's row locked, so two tasks ending together cannot
//! both miss it; the recheck is the fallback. No process coordinates: the queue does.

use reelcut_core::JobKind;

use crate::jobs::JobRow;
use crate::{now_ms, Claimed, Dialect, Store, StoreError};

/// Statuses of a task that has not ended.
const OPEN: &str = "status IN ('pending', 'running')";

impl Store {
    /// Queues task `name` of `parent` (once, whatever the number of calls).
    pub async fn insert_task(&self, parent: &JobRow, name: &str, request: &serde_json::Value, max_attempts: i64) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO jobs (id, workspace_id, kind, status, progress, request, attempts, max_attempts, run_after,
                               cancel_requested, created_at, updated_at, parent_id)
             VALUES ($1, $2, $3, 'pending', 0, $4, 0, $5, $6, 0, $6, $6, $7) ON CONFLICT (id) DO NOTHING",
        )
        .bind(task_id(&parent.id, name))
        .bind(&parent.workspace_id)
        .bind(JobKind::AiClippingTask.as_str())
        .bind(request.to_string())
        .bind(max_attempts)
        .bind(now)
        .bind(&parent.id)
        .execute(&self.pool)
        .await?;
        self.announce_job().await;
        Ok(())
    }

    /// The tasks of job `parent_id`, in the order they were named.
    pub async fn tasks_of(&self, parent_id: &str) -> Result<Vec<JobRow>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM jobs WHERE parent_id = $1 AND kind = $2 ORDER BY id")
            .bind(parent_id)
            .bind(JobKind::AiClippingTask.as_str())
            .fetch_all(&self.pool)
            .await?)
    }

    /// Parks a job whose tasks are running: no worker holds it until its last task ends
    /// or `recheck_ms` passes. A job none of whose tasks is still open is left claimable
    /// at once (its tasks ended before it parked). False: the lease was already lost.
    pub async fn park_job(&self, claimed: &Claimed, recheck_ms: i64) -> Result<bool, StoreError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        // A write first: on SQLite it takes the database's one write lock for the whole
        // transaction; on Postgres it locks the job's row, as a task ending does.
        let held = sqlx::query(
            "UPDATE jobs SET lease_owner = NULL, attempts = 0, updated_at = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'running'",
        )
        .bind(now)
        .bind(&claimed.job.id)
        .bind(&claimed.worker_id)
        .execute(&mut *tx)
        .await?;
        if held.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let open = open_tasks(&mut tx, &claimed.job.id).await?;
        let until = if open == 0 { 0 } else { now + recheck_ms };
        sqlx::query("UPDATE jobs SET lease_expires_at = $1 WHERE id = $2")
            .bind(until)
            .bind(&claimed.job.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if open == 0 {
            self.announce_job().await;
        }
        Ok(true)
    }

    /// The parent's progress while its tasks run: `from` + (`to` − `from`) × the mean
    /// progress of the tasks whose names start like `task`'s (an ended task counts 100).
    /// Progress only moves forward.
    pub async fn set_parent_progress(&self, task: &Claimed, from: i64, to: i64, stage: &str) -> Result<(), StoreError> {
        let Some(parent_id) = &task.job.parent_id else { return Ok(()) };
        let group = task
            .job
            .id
            .get(..task.job.id.len().saturating_sub(TASK_NUMBER_DIGITS))
            .unwrap_or_default();
        let siblings: Vec<(String, i64)> = sqlx::query_as("SELECT status, progress FROM jobs WHERE parent_id = $1 AND id LIKE $2")
            .bind(parent_id)
            .bind(format!("{group}%"))
            .fetch_all(&self.pool)
            .await?;
        if siblings.is_empty() {
            return Ok(());
        }
        let sum: i64 = siblings
            .iter()
            .map(|(status, progress)| if status == "completed" { 100 } else { *progress })
            .sum();
        let mean = sum as f64 / siblings.len() as f64;
        let progress = (from as f64 + (to - from) as f64 * mean / 100.0).round() as i64;
        sqlx::query("UPDATE jobs SET progress = $1, stage = $2, updated_at = $3 WHERE id = $4 AND status = 'running' AND progress < $1")
            .bind(progress.clamp(0, 99))
            .bind(stage)
            .bind(now_ms())
            .bind(parent_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Called in the transaction that ends a task: when it was its job's last open task,
    /// the parked job becomes claimable now. True when it woke the job.
    pub(crate) async fn wake_parent(&self, tx: &mut sqlx::Transaction<'_, sqlx::Any>, parent_id: &str) -> Result<bool, StoreError> {
        // Locks the parent's row: a second task ending now waits here, then counts this
        // one as ended.
        let lock = match self.dialect {
            Dialect::Postgres => "SELECT id FROM jobs WHERE id = $1 FOR UPDATE",
            Dialect::Sqlite => "SELECT id FROM jobs WHERE id = $1",
        };
        sqlx::query(lock).bind(parent_id).execute(&mut **tx).await?;
        if open_tasks(tx, parent_id).await? > 0 {
            return Ok(false);
        }
        let woken = sqlx::query("UPDATE jobs SET lease_expires_at = 0 WHERE id = $1 AND status = 'running' AND lease_owner IS NULL")
            .bind(parent_id)
            .execute(&mut **tx)
            .await?;
        Ok(woken.rows_affected() == 1)
    }

    /// A cancel or delete reaches the job's tasks: pending ones end now, running ones are
    /// flagged (their workers stop at the next heartbeat), and a parked job wakes to end.
    pub(crate) async fn stop_tasks(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        parent_id: &str,
        delete: bool,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let deleted = delete.then_some(now);
        sqlx::query(&format!(
            "UPDATE jobs SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END, cancel_requested = 1,
                             deleted_at = COALESCE($1, deleted_at), updated_at = $2
             WHERE parent_id = $3 AND kind = $4 AND {OPEN}"
        ))
        .bind(deleted)
        .bind(now)
        .bind(parent_id)
        .bind(JobKind::AiClippingTask.as_str())
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE jobs SET lease_expires_at = 0 WHERE id = $1 AND status = 'running' AND lease_owner IS NULL")
            .bind(parent_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// A task's name is a letter (its group) and this many digits.
pub const TASK_NUMBER_DIGITS: usize = 3;

/// A task's id: its job's id and its name.
pub fn task_id(parent_id: &str, name: &str) -> String {
    format!("{parent_id}-{name}")
}

async fn open_tasks(tx: &mut sqlx::Transaction<'_, sqlx::Any>, parent_id: &str) -> Result<i64, StoreError> {
    let (open,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM jobs WHERE parent_id = $1 AND kind = $2 AND {OPEN}"))
        .bind(parent_id)
        .bind(JobKind::AiClippingTask.as_str())
        .fetch_one(&mut **tx)
        .await?;
    Ok(open)
}
