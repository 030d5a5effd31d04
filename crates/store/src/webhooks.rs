//! Webhook endpoints, the events log, and the outbox of deliveries. An event and its
//! deliveries are written in the same transaction as the job's final state, so a crash
//! can neither lose an event nor announce a job that did not finish.

use base64::Engine;
use rand::RngCore;
use sqlx::{Any, Transaction};

use crate::page::{page_cursor, page_fetch_size, Page};
use crate::{new_id, now_ms, Store, StoreError};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WebhookEndpoint {
    pub id: String,
    pub workspace_id: String,
    pub url: String,
    /// JSON array of event types, or NULL for all.
    pub events: Option<String>,
    pub secret: String,
    pub status: String,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

impl WebhookEndpoint {
    pub fn event_list(&self) -> Option<Vec<String>> {
        self.events.as_deref().and_then(|e| serde_json::from_str(e).ok())
    }
    fn wants(&self, event_type: &str) -> bool {
        self.status == "enabled" && self.event_list().is_none_or(|list| list.iter().any(|e| e == event_type))
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WebhookEvent {
    pub id: String,
    pub workspace_id: String,
    pub event_type: String,
    pub entity_id: String,
    pub payload: String,
    pub created_at: i64,
}

/// A delivery due to be attempted.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Delivery {
    pub id: String,
    pub event_id: String,
    pub workspace_id: String,
    pub endpoint_id: Option<String>,
    pub url: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub give_up_at: i64,
    pub lease_expires_at: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
    pub created_at: i64,
}

pub struct NewEndpoint<'a> {
    pub url: &'a str,
    pub events: Option<&'a [String]>,
}

/// An event to announce, with where the job wants it sent besides registered endpoints.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub event_type: String,
    pub entity_id: String,
    pub payload: serde_json::Value,
    /// The job's own `callback_url` (delivered unsigned, as upstream does).
    pub callback_url: Option<String>,
    /// How long deliveries keep retrying.
    pub retry_for_ms: i64,
}

fn new_secret() -> String {
    let mut raw = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    // The Standard Webhooks form: the key's bytes, base64.
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(raw))
}

impl Store {
    pub async fn create_endpoint(&self, workspace_id: &str, new: NewEndpoint<'_>) -> Result<WebhookEndpoint, StoreError> {
        let id = new_id();
        let events = new.events.map(|e| serde_json::to_string(e).expect("strings serialise"));
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret, status, created_at) VALUES ($1, $2, $3, $4, $5, 'enabled', $6)",
        )
        .bind(&id)
        .bind(workspace_id)
        .bind(new.url)
        .bind(events)
        .bind(new_secret())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        self.get_endpoint(workspace_id, &id).await
    }

    pub async fn get_endpoint(&self, workspace_id: &str, id: &str) -> Result<WebhookEndpoint, StoreError> {
        sqlx::query_as("SELECT * FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL")
            .bind(workspace_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("webhook endpoint"))
    }

    pub async fn list_endpoints(&self, workspace_id: &str, limit: usize, after: Option<&str>) -> Result<Page<WebhookEndpoint>, StoreError> {
        let items: Vec<WebhookEndpoint> = sqlx::query_as(
            "SELECT * FROM webhook_endpoints WHERE workspace_id = $1 AND deleted_at IS NULL AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(workspace_id)
        .bind(page_cursor(after))
        .bind(page_fetch_size(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::from_overfetch(items, limit))
    }

    /// Changes any of url, events (Some(None) = all events) and status.
    pub async fn update_endpoint(
        &self,
        workspace_id: &str,
        id: &str,
        url: Option<&str>,
        events: Option<Option<&[String]>>,
        status: Option<&str>,
    ) -> Result<WebhookEndpoint, StoreError> {
        let current = self.get_endpoint(workspace_id, id).await?;
        let events = match events {
            Some(list) => list.map(|e| serde_json::to_string(e).expect("strings serialise")),
            None => current.events.clone(),
        };
        sqlx::query("UPDATE webhook_endpoints SET url = $1, events = $2, status = $3 WHERE workspace_id = $4 AND id = $5")
            .bind(url.unwrap_or(&current.url))
            .bind(events)
            .bind(status.unwrap_or(&current.status))
            .bind(workspace_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.get_endpoint(workspace_id, id).await
    }

    pub async fn rotate_endpoint_secret(&self, workspace_id: &str, id: &str) -> Result<WebhookEndpoint, StoreError> {
        self.get_endpoint(workspace_id, id).await?;
        sqlx::query("UPDATE webhook_endpoints SET secret = $1 WHERE workspace_id = $2 AND id = $3")
            .bind(new_secret())
            .bind(workspace_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.get_endpoint(workspace_id, id).await
    }

    pub async fn delete_endpoint(&self, workspace_id: &str, id: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE webhook_endpoints SET deleted_at = $1 WHERE workspace_id = $2 AND id = $3 AND deleted_at IS NULL")
            .bind(now_ms())
            .bind(workspace_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("webhook endpoint"));
        }
        Ok(())
    }

    pub async fn list_events(
        &self,
        workspace_id: &str,
        event_type: Option<&str>,
        entity_id: Option<&str>,
        limit: usize,
        after: Option<&str>,
    ) -> Result<Page<WebhookEvent>, StoreError> {
        let items: Vec<WebhookEvent> = sqlx::query_as(
            "SELECT * FROM webhook_events WHERE workspace_id = $1 AND ($2 = '' OR event_type = $2) AND ($3 = '' OR entity_id = $3) AND id < $4
             ORDER BY id DESC LIMIT $5",
        )
        .bind(workspace_id)
        .bind(event_type.unwrap_or(""))
        .bind(entity_id.unwrap_or(""))
        .bind(page_cursor(after))
        .bind(page_fetch_size(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::from_overfetch(items, limit))
    }

    /// Writes the event and one delivery per subscribed endpoint (plus the job's
    /// callback URL) inside the caller's transaction.
    pub(crate) async fn enqueue_event(
        tx: &mut Transaction<'static, Any>,
        workspace_id: &str,
        event: &OutboxEvent,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let event_id = new_id();
        sqlx::query(
            "INSERT INTO webhook_events (id, workspace_id, event_type, entity_id, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&event_id)
        .bind(workspace_id)
        .bind(&event.event_type)
        .bind(&event.entity_id)
        .bind(event.payload.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let endpoints: Vec<WebhookEndpoint> =
            sqlx::query_as("SELECT * FROM webhook_endpoints WHERE workspace_id = $1 AND deleted_at IS NULL")
                .bind(workspace_id)
                .fetch_all(&mut **tx)
                .await?;
        let mut targets: Vec<(Option<String>, String)> = endpoints
            .iter()
            .filter(|e| e.wants(&event.event_type))
            .map(|e| (Some(e.id.clone()), e.url.clone()))
            .collect();
        if let Some(url) = &event.callback_url {
            targets.push((None, url.clone()));
        }
        for (endpoint_id, url) in targets {
            sqlx::query(
                "INSERT INTO webhook_deliveries (id, event_id, workspace_id, endpoint_id, url, status, attempts, next_attempt_at, give_up_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7, $6)",
            )
            .bind(new_id())
            .bind(&event_id)
            .bind(workspace_id)
            .bind(endpoint_id)
            .bind(url)
            .bind(now)
            .bind(now + event.retry_for_ms)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Claims up to `limit` due deliveries for `lease_ms` (a crashed sender's claims
    /// come due again when the lease runs out).
    pub async fn claim_deliveries(&self, limit: usize, lease_ms: i64) -> Result<Vec<(Delivery, WebhookEvent, Option<String>)>, StoreError> {
        let now = now_ms();
        let due: Vec<Delivery> = sqlx::query_as(
            "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at < $1)
             ORDER BY next_attempt_at LIMIT $2",
        )
        .bind(now)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::new();
        for delivery in due {
            // Compare-and-set on the lease so two senders never both take a delivery.
            let taken = sqlx::query(
                "UPDATE webhook_deliveries SET lease_expires_at = $1 WHERE id = $2 AND status = 'pending' AND (lease_expires_at IS NULL OR lease_expires_at < $3)",
            )
            .bind(now + lease_ms)
            .bind(&delivery.id)
            .bind(now)
            .execute(&self.pool)
            .await?;
            if taken.rows_affected() != 1 {
                continue;
            }
            let event: WebhookEvent = sqlx::query_as("SELECT * FROM webhook_events WHERE id = $1")
                .bind(&delivery.event_id)
                .fetch_one(&self.pool)
                .await?;
            let secret: Option<String> = match &delivery.endpoint_id {
                Some(endpoint_id) => sqlx::query_as::<_, (String,)>("SELECT secret FROM webhook_endpoints WHERE id = $1")
                    .bind(endpoint_id)
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|(s,)| s),
                None => None,
            };
            claimed.push((delivery, event, secret));
        }
        Ok(claimed)
    }

    pub async fn mark_delivered(&self, delivery_id: &str) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query("UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $1, attempts = attempts + 1, lease_expires_at = NULL WHERE id = $2")
            .bind(now)
            .bind(delivery_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a failed attempt: due again after `retry_in_ms`, or failed for good once
    /// past its give-up time.
    pub async fn mark_attempt_failed(&self, delivery: &Delivery, error: &str, retry_in_ms: i64) -> Result<(), StoreError> {
        let now = now_ms();
        let status = if now + retry_in_ms > delivery.give_up_at {
            "failed"
        } else {
            "pending"
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, next_attempt_at = $2, last_error = $3, lease_expires_at = NULL WHERE id = $4",
        )
        .bind(status)
        .bind(now + retry_in_ms)
        .bind(error)
        .bind(&delivery.id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn deliveries_for_event(&self, event_id: &str) -> Result<Vec<Delivery>, StoreError> {
        Ok(sqlx::query_as("SELECT * FROM webhook_deliveries WHERE event_id = $1 ORDER BY id")
            .bind(event_id)
            .fetch_all(&self.pool)
            .await?)
    }
}
