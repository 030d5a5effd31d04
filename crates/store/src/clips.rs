//! The clips a job produced, one row each, with the full clip record as JSON beside the
//! columns the API filters and shows.

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
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

    pub async fn get_clip(&self, workspace_id: &str, clip_id: &str) -> Result<ClipRow, StoreError> {
        sqlx::query_as("SELECT * FROM clips WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(clip_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("clip"))
    }
}
