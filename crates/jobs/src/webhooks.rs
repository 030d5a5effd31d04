//! Delivers the outbox: every due delivery is POSTed once per attempt; a 2xx marks it
//! delivered, anything else schedules the next attempt with exponential back-off
//! (`service.webhook_backoff_s`, doubling, capped at 1 h) until the event is
//! `service.webhook_retry_hours` old. Deliveries to registered endpoints are signed:
//!
//! - `webhook-id`: the event id (the same on every retry: receivers de-duplicate on it)
//! - `webhook-timestamp`: Unix seconds of this attempt
//! - `webhook-signature`: `v1,` + base64 HMAC-SHA256 over `"{id}.{timestamp}.{raw body}"`,
//!   keyed with the bytes of the endpoint's `whsec_<base64>` secret — the Standard
//!   Webhooks scheme, which its libraries (PyPI, npm, crates.io) verify unmodified
//!
//! Per-job `callback_url` deliveries are unsigned, as upstream's are.

use std::time::Duration;

use crate::signing::webhook_signature;
use reelcut_store::{Delivery, WebhookEvent};
use tokio_util::sync::CancellationToken;

use crate::Service;

/// Runs until `shutdown`, polling the outbox every `poll`.
pub async fn run_sender(service: Service, poll: Duration, shutdown: CancellationToken) {
    // Receivers are the workspace owners' own servers, which may well be private: the
    // SSRF guard applies to media fetches, not to where users ask us to post.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client builds");
    loop {
        match service.store.claim_deliveries(16, 60_000).await {
            Ok(batch) if !batch.is_empty() => {
                for (delivery, event, secret) in batch {
                    attempt(&service, &client, &delivery, &event, secret.as_deref()).await;
                }
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "claiming webhook deliveries failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.cancelled() => return,
        }
    }
}

async fn attempt(service: &Service, client: &reqwest::Client, delivery: &Delivery, event: &WebhookEvent, secret: Option<&str>) {
    let body = event.payload.clone().into_bytes();
    let timestamp = crate::service::now_s();
    let mut request = client
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header("webhook-id", &event.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("x-reelcut-event-type", &event.event_type);
    if let Some(secret) = secret {
        request = request.header("webhook-signature", webhook_signature(secret, &event.id, timestamp, &body));
    }
    let result = request.body(body).send().await;
    let failure = match result {
        Ok(response) if response.status().is_success() => None,
        Ok(response) => Some(format!("HTTP {}", response.status().as_u16())),
        Err(error) => Some(error.to_string()),
    };
    let store = &service.store;
    let written = match failure {
        None => {
            tracing::info!(delivery = %delivery.id, event = %event.event_type, "webhook delivered");
            store.mark_delivered(&delivery.id).await
        }
        Some(error) => {
            let base_ms = (service.settings.service.webhook_backoff_s * 1000.0) as i64;
            let delay = crate::backoff::delay_ms(base_ms, delivery.attempts, 3_600_000);
            tracing::warn!(delivery = %delivery.id, %error, retry_in_ms = delay, "webhook delivery failed");
            store.mark_attempt_failed(delivery, &error, delay).await
        }
    };
    if let Err(error) = written {
        tracing::error!(%error, "recording a webhook attempt failed");
    }
}
