//! The clips a job produced, one row each, with the full clip record as JSON beside the
//! columns the API filters and shows.

use sqlx::{FromRow, Row};

use crate::{Dialect, JobRow, Store, StoreError};

/// A clip row as `json_object` / `json_build_object` arguments (the same in both).
const CLIP_FIELDS: &str = "'id', c.id, 'job_id', c.job_id, 'workspace_id', c.workspace_id, 'idx', c.idx, 'status', c.status, \
    'duration_seconds', c.duration_seconds, 'aspect_ratio', c.aspect_ratio, 'title', c.title, \
    'virality_score', c.virality_score, 'video_key', c.video_key, 'thumbnail_key', c.thumbnail_key, \
    'detail', c.detail, 'created_at', c.created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Deserialize)]
pub struct ClipRow {
    pub id: String,
    pub job_id: String,
    pub workspace_id: String,
    pub idx: i64,
    pub status: String,
    pub duration_seconds: Option<f64>,
    pub aspect_ratio: Option<String>,
    pub title: Option<String>,
    pub virality_score: Option<i64>,
    pub video_key: Option<String>,
    pub thumbnail_key: Option<String>,
    /// The pipeline's clip record (sub-scores, reason, transcript, hooks, crop track …).
    pub detail: String,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewClip {
    /// Chosen by the caller so the webhook payload can name the clip before the insert.
    pub id: String,
    pub idx: i64,
    pub status: String,
    pub duration_seconds: Option<f64>,
    pub aspect_ratio: Option<String>,
    pub title: Option<String>,
    pub virality_score: Option<i64>,
    pub video_key: Option<String>,
    pub thumbnail_key: Option<String>,
    pub detail: serde_json::Value,
}

impl NewClip {
    pub fn row(&self, job_id: &str, workspace_id: &str, created_at: i64) -> ClipRow {
        ClipRow {
            id: self.id.clone(),
            job_id: job_id.to_string(),
            workspace_id: workspace_id.to_string(),
            idx: self.idx,
            status: self.status.clone(),
            duration_seconds: self.duration_seconds,
            aspect_ratio: self.aspect_ratio.clone(),
            title: self.title.clone(),
            virality_score: self.virality_score,
            video_key: self.video_key.clone(),
            thumbnail_key: self.thumbnail_key.clone(),
            detail: self.detail.to_string(),
            created_at,
        }
    }
}

impl Store {
    /// The clips of these jobs (all in one workspace), in clip order.
    pub async fn clips_for_jobs(&self, workspace_id: &str, job_ids: &[String]) -> Result<Vec<ClipRow>, StoreError> {
        if job_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..job_ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT * FROM clips WHERE workspace_id = $1 AND job_id IN ({}) ORDER BY job_id, idx",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as(&sql).bind(workspace_id);
        for id in job_ids {
            query = query.bind(id);
        }
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// One job of the workspace and its clips in one round trip and one row: what a
    /// dialect's get-by-id shows, the same rows as `get_job` + `clips_for_jobs`. The
    /// clips come back aggregated as JSON because every row a query returns costs a
    /// cross-thread hand-off in the SQLite driver (bench/api: that, not SQL, was the time).
    pub async fn get_job_with_clips(&self, workspace_id: &str, job_id: &str) -> Result<(JobRow, Vec<ClipRow>), StoreError> {
        let clips_json = match self.dialect {
            Dialect::Sqlite => format!(
                "(SELECT json_group_array(json_object({CLIP_FIELDS})) FROM
                   (SELECT * FROM clips WHERE job_id = jobs.id AND workspace_id = jobs.workspace_id ORDER BY idx) AS c)"
            ),
            Dialect::Postgres => format!(
                "(SELECT COALESCE(json_agg(json_build_object({CLIP_FIELDS}) ORDER BY c.idx), '[]'::json)::text
                   FROM clips AS c WHERE c.job_id = jobs.id AND c.workspace_id = jobs.workspace_id)"
            ),
        };
        let sql = format!("SELECT jobs.*, {clips_json} AS clips_json FROM jobs WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL");
        let row = sqlx::query(&sql)
            .bind(workspace_id)
            .bind(job_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("job"))?;
        let job = JobRow::from_row(&row)?;
        let text: String = row.try_get("clips_json")?;
        let mut clips: Vec<ClipRow> =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("clips of job {job_id}: {e}")))?;
        clips.sort_by_key(|c| c.idx);
        Ok((job, clips))
    }

    /// A clip's editable parts: its title and its record (favourite, hook title …).
    pub async fn update_clip(
        &self,
        workspace_id: &str,
        clip_id: &str,
        title: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<ClipRow, StoreError> {
        let done = sqlx::query("UPDATE clips SET title = $1, detail = $2 WHERE workspace_id = $3 AND id = $4")
            .bind(title)
            .bind(detail.to_string())
            .bind(workspace_id)
            .bind(clip_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("clip"));
        }
        self.get_clip(workspace_id, clip_id).await
    }

    pub async fn delete_clip(&self, workspace_id: &str, clip_id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM clips WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(clip_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("clip"));
        }
        Ok(())
    }

    pub async fn get_clip(&self, workspace_id: &str, clip_id: &str) -> Result<ClipRow, StoreError> {
        sqlx::query_as("SELECT * FROM clips WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(clip_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("clip"))
    }
}
