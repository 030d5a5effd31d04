//! `Idempotency-Key`: the first request with a key runs and its response is kept for
//! 24 h; a replay gets that response; a replay while the first still runs is told so.

use sqlx::Row;

use crate::{now_ms, Store, StoreError};

const KEEP_MS: i64 = 24 * 3600 * 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IdempotencyOutcome {
    /// This request owns the key: run it, then call `complete_idempotent`.
    Proceed,
    /// The first request is still running.
    InProgress,
    /// Same key, different request.
    Mismatch,
    /// The first request's response.
    Replay(StoredResponse),
}

impl Store {
    pub async fn begin_idempotent(&self, workspace_id: &str, key: &str, request_hash: &str) -> Result<IdempotencyOutcome, StoreError> {
        let now = now_ms();
        // Expired keys are forgotten first, so a key can be reused after 24 h.
        sqlx::query("DELETE FROM idempotency_keys WHERE workspace_id = $1 AND idem_key = $2 AND created_at < $3")
            .bind(workspace_id)
            .bind(key)
            .bind(now - KEEP_MS)
            .execute(&self.pool)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (workspace_id, idem_key, request_hash, state, created_at) VALUES ($1, $2, $3, 'running', $4)
             ON CONFLICT (workspace_id, idem_key) DO NOTHING",
        )
        .bind(workspace_id)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(IdempotencyOutcome::Proceed);
        }
        let row = sqlx::query(
            "SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE workspace_id = $1 AND idem_key = $2",
        )
        .bind(workspace_id)
        .bind(key)
        .fetch_one(&self.pool)
        .await?;
        // "Still running" first: the client cannot know yet what the first one sent.
        if row.try_get::<String, _>("state")? == "running" {
            return Ok(IdempotencyOutcome::InProgress);
        }
        if row.try_get::<String, _>("request_hash")? != request_hash {
            return Ok(IdempotencyOutcome::Mismatch);
        }
        Ok(IdempotencyOutcome::Replay(StoredResponse {
            status: row.try_get::<Option<i64>, _>("response_status")?.unwrap_or(200) as u16,
            body: row.try_get::<Option<String>, _>("response_body")?.unwrap_or_default(),
        }))
    }

    pub async fn complete_idempotent(&self, workspace_id: &str, key: &str, response: &StoredResponse) -> Result<(), StoreError> {
        sqlx::query("UPDATE idempotency_keys SET state = 'done', response_status = $1, response_body = $2 WHERE workspace_id = $3 AND idem_key = $4")
            .bind(response.status as i64)
            .bind(&response.body)
            .bind(workspace_id)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A request that failed before producing a response releases its key, so the
    /// client's retry is not told "in progress" forever.
    pub async fn abandon_idempotent(&self, workspace_id: &str, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM idempotency_keys WHERE workspace_id = $1 AND idem_key = $2 AND state = 'running'")
            .bind(workspace_id)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
