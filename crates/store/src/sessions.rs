//! Video agent sessions: the conversation (messages, oldest first, as JSON), the current
//! storyboard, and which video is the latest. The videos themselves are jobs whose
//! `parent_id` is the session.

use crate::page::{page_cursor, page_fetch_size, Page};
use crate::{new_id, now_ms, Store, StoreError};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub workspace_id: String,
    pub mode: String,
    pub status: String,
    pub title: Option<String>,
    /// The current storyboard (JSON).
    pub plan: Option<String>,
    /// Every message, oldest first (JSON array).
    pub messages: String,
    pub video_id: Option<String>,
    pub callback_url: Option<String>,
    pub callback_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub struct NewSession<'a> {
    pub workspace_id: &'a str,
    pub mode: &'a str,
    pub status: &'a str,
    pub title: Option<&'a str>,
    pub plan: Option<&'a serde_json::Value>,
    pub messages: &'a serde_json::Value,
    pub callback_url: Option<&'a str>,
    pub callback_id: Option<&'a str>,
}

/// What a turn of the conversation changes.
pub struct SessionUpdate<'a> {
    pub status: &'a str,
    pub title: Option<&'a str>,
    pub plan: Option<&'a serde_json::Value>,
    pub messages: &'a serde_json::Value,
    pub video_id: Option<&'a str>,
}

impl Store {
    pub async fn insert_session(&self, new: NewSession<'_>) -> Result<SessionRow, StoreError> {
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO agent_sessions (id, workspace_id, mode, status, title, plan, messages, callback_url, callback_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(&id)
        .bind(new.workspace_id)
        .bind(new.mode)
        .bind(new.status)
        .bind(new.title)
        .bind(new.plan.map(|p| p.to_string()))
        .bind(new.messages.to_string())
        .bind(new.callback_url)
        .bind(new.callback_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.get_session(new.workspace_id, &id).await
    }

    pub async fn get_session(&self, workspace_id: &str, id: &str) -> Result<SessionRow, StoreError> {
        sqlx::query_as("SELECT * FROM agent_sessions WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("session"))
    }

    /// Writes a turn when the session is still as `expected_updated_at` saw it (two
    /// messages at once: the second is a conflict, not a lost update).
    pub async fn update_session(
        &self,
        workspace_id: &str,
        id: &str,
        expected_updated_at: i64,
        update: SessionUpdate<'_>,
    ) -> Result<SessionRow, StoreError> {
        let now = now_ms().max(expected_updated_at + 1);
        let done = sqlx::query(
            "UPDATE agent_sessions SET status = $1, title = COALESCE($2, title), plan = COALESCE($3, plan), messages = $4,
                    video_id = COALESCE($5, video_id), updated_at = $6
             WHERE workspace_id = $7 AND id = $8 AND updated_at = $9",
        )
        .bind(update.status)
        .bind(update.title)
        .bind(update.plan.map(|p| p.to_string()))
        .bind(update.messages.to_string())
        .bind(update.video_id)
        .bind(now)
        .bind(workspace_id)
        .bind(id)
        .bind(expected_updated_at)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            self.get_session(workspace_id, id).await?;
            return Err(StoreError::Conflict(
                "the session changed while this message was handled; send it again".into(),
            ));
        }
        self.get_session(workspace_id, id).await
    }

    /// Newest first; `after` is the last id of the previous page.
    pub async fn list_sessions(&self, workspace_id: &str, limit: usize, after: Option<&str>) -> Result<Page<SessionRow>, StoreError> {
        let rows = sqlx::query_as("SELECT * FROM agent_sessions WHERE workspace_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3")
            .bind(workspace_id)
            .bind(page_cursor(after))
            .bind(page_fetch_size(limit))
            .fetch_all(&self.pool)
            .await?;
        Ok(Page::from_overfetch(rows, limit))
    }

    /// The jobs a session started, newest first.
    pub async fn session_jobs(&self, workspace_id: &str, session_id: &str) -> Result<Vec<crate::JobRow>, StoreError> {
        Ok(
            sqlx::query_as("SELECT * FROM jobs WHERE workspace_id = $1 AND parent_id = $2 AND deleted_at IS NULL ORDER BY id DESC")
                .bind(workspace_id)
                .bind(session_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
