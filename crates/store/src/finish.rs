//! Ending a job: status, error, clips and outbox rows in one transaction, and only while
//! the worker still holds the lease.

use reelcut_core::{JobKind, JobStatus};

use crate::{now_ms, Claimed, Finish, Store, StoreError};

impl Store {
    /// Returns false (and writes nothing) when the lease was lost to another worker.
    pub async fn finish_job(&self, claimed: &Claimed, finish: Finish<'_>) -> Result<bool, StoreError> {
        debug_assert!(finish.status.is_terminal());
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let progress = if finish.status == JobStatus::Completed {
            100
        } else {
            claimed.job.progress
        };
        let done = sqlx::query(
            "UPDATE jobs SET status = $1, progress = $2, error = $3, lease_owner = NULL, lease_expires_at = NULL, updated_at = $4
             WHERE id = $5 AND lease_owner = $6 AND status = 'running'",
        )
        .bind(finish.status.as_str())
        .bind(progress)
        .bind(finish.error.map(|e| serde_json::to_string(e).expect("error serialises")))
        .bind(now)
        .bind(&claimed.job.id)
        .bind(&claimed.worker_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        // A retried job may have stored clips before it died: the new set replaces them.
        sqlx::query("DELETE FROM clips WHERE job_id = $1")
            .bind(&claimed.job.id)
            .execute(&mut *tx)
            .await?;
        for clip in finish.clips {
            let row = clip.row(&claimed.job.id, &claimed.job.workspace_id, now);
            sqlx::query(
                "INSERT INTO clips (id, job_id, workspace_id, idx, status, duration_seconds, aspect_ratio, title, virality_score, video_key, thumbnail_key, detail, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(row.id)
            .bind(row.job_id)
            .bind(row.workspace_id)
            .bind(row.idx)
            .bind(row.status)
            .bind(row.duration_seconds)
            .bind(row.aspect_ratio)
            .bind(row.title)
            .bind(row.virality_score)
            .bind(row.video_key)
            .bind(row.thumbnail_key)
            .bind(row.detail)
            .bind(row.created_at)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(event) = &finish.event {
            Store::enqueue_event(&mut tx, &claimed.job.workspace_id, event).await?;
        }
        let woke = match (&claimed.job.parent_id, claimed.job.kind()) {
            (Some(parent), Some(JobKind::AiClippingTask)) => self.wake_parent(&mut tx, parent).await?,
            _ => false,
        };
        tx.commit().await?;
        if woke {
            self.announce_job().await;
        }
        Ok(true)
    }
}
