//! `/v3/webhooks/…`: endpoints (create with a `whsec_` secret, list, get, patch,
//! delete, rotate-secret), the event types, and the events log.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use reelcut_store::{NewEndpoint, WebhookEndpoint};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{check_http_url, data, events, Data, ListPage};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PageRequest};
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct EndpointView {
    pub endpoint_id: String,
    pub url: String,
    /// Subscribed event types; null = all.
    pub events: Option<Vec<String>>,
    /// enabled or disabled.
    pub status: String,
    pub created_at: i64,
    /// Only on create and rotate-secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn view(endpoint: &WebhookEndpoint, with_secret: bool) -> EndpointView {
    EndpointView {
        endpoint_id: endpoint.id.clone(),
        url: endpoint.url.clone(),
        events: endpoint.event_list(),
        status: endpoint.status.clone(),
        created_at: endpoint.created_at / 1000,
        secret: with_secret.then(|| endpoint.secret.clone()),
    }
}

fn check_events(events: &Option<Vec<String>>) -> ApiResult<()> {
    if let Some(list) = events {
        if list.is_empty() {
            return Err(ApiError::invalid(
                "events",
                "'events' must list at least one event type, or be null for all.",
            ));
        }
        if let Some(bad) = list.iter().find(|e| !events::is_known(e)) {
            return Err(ApiError::invalid(
                "events",
                format!("'{bad}' is not an event type; see GET /v3/webhooks/event-types."),
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateEndpoint {
    pub url: String,
    pub events: Option<Vec<String>>,
}

#[utoipa::path(post, path = "/v3/webhooks/endpoints", tag = "Webhooks", request_body = CreateEndpoint,
    responses((status = 200, body = inline(Data<EndpointView>)), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateEndpoint>,
) -> ApiResult<Json<Data<EndpointView>>> {
    check_http_url("url", &body.url)?;
    check_events(&body.events)?;
    let endpoint = state
        .service
        .store
        .create_endpoint(
            &caller.workspace_id,
            NewEndpoint {
                url: &body.url,
                events: body.events.as_deref(),
            },
        )
        .await?;
    Ok(data(view(&endpoint, true)))
}

#[utoipa::path(get, path = "/v3/webhooks/endpoints", tag = "Webhooks",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 100), ("token" = Option<String>, Query)),
    responses((status = 200, body = inline(ListPage<EndpointView>))))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<EndpointView>>> {
    let signer = &state.service.signer;
    let scope = format!("{}:endpoints", caller.workspace_id);
    let page = PageRequest::parse(&query, 10, signer, &scope)?;
    let endpoints = state
        .service
        .store
        .list_endpoints(&caller.workspace_id, page.limit, page.after.as_deref())
        .await?;
    let next_token = PageRequest::next_token(signer, &scope, endpoints.has_more, endpoints.items.last().map(|e| e.id.as_str()));
    Ok(Json(ListPage {
        data: endpoints.items.iter().map(|e| view(e, false)).collect(),
        has_more: endpoints.has_more,
        next_token,
    }))
}

#[utoipa::path(get, path = "/v3/webhooks/endpoints/{id}", tag = "Webhooks",
    responses((status = 200, body = inline(Data<EndpointView>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<EndpointView>>> {
    let endpoint = state
        .service
        .store
        .get_endpoint(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Webhook endpoint"))?;
    Ok(data(view(&endpoint, false)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEndpoint {
    pub url: Option<String>,
    /// A list, or null for all event types; omit to keep.
    #[serde(default, deserialize_with = "present")]
    pub events: Option<Option<Vec<String>>>,
    /// enabled or disabled.
    pub status: Option<String>,
}

/// Tells "absent" (None) from "null" (Some(None)).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Option<Vec<String>>>, D::Error> {
    Ok(Some(Option::deserialize(deserializer)?))
}

#[utoipa::path(patch, path = "/v3/webhooks/endpoints/{id}", tag = "Webhooks", request_body = UpdateEndpoint,
    responses((status = 200, body = inline(Data<EndpointView>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateEndpoint>,
) -> ApiResult<Json<Data<EndpointView>>> {
    if let Some(url) = &body.url {
        check_http_url("url", url)?;
    }
    if let Some(events) = &body.events {
        check_events(events)?;
    }
    if let Some(status) = &body.status {
        if !matches!(status.as_str(), "enabled" | "disabled") {
            return Err(ApiError::invalid("status", "'status' must be 'enabled' or 'disabled'."));
        }
    }
    let events = body.events.as_ref().map(|e| e.as_deref());
    let endpoint = state
        .service
        .store
        .update_endpoint(&caller.workspace_id, &id, body.url.as_deref(), events, body.status.as_deref())
        .await
        .map_err(ApiError::not_found_as("Webhook endpoint"))?;
    Ok(data(view(&endpoint, false)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedEndpoint {
    pub endpoint_id: String,
}

#[utoipa::path(delete, path = "/v3/webhooks/endpoints/{id}", tag = "Webhooks",
    responses((status = 200, body = inline(Data<DeletedEndpoint>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<DeletedEndpoint>>> {
    state
        .service
        .store
        .delete_endpoint(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Webhook endpoint"))?;
    Ok(data(DeletedEndpoint { endpoint_id: id }))
}

#[utoipa::path(post, path = "/v3/webhooks/endpoints/{id}/rotate-secret", tag = "Webhooks",
    responses((status = 200, body = inline(Data<EndpointView>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn rotate_secret(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<EndpointView>>> {
    let endpoint = state
        .service
        .store
        .rotate_endpoint_secret(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Webhook endpoint"))?;
    Ok(data(view(&endpoint, true)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventType {
    pub event_type: String,
    pub description: String,
}

#[utoipa::path(get, path = "/v3/webhooks/event-types", tag = "Webhooks", responses((status = 200, body = inline(Data<Vec<EventType>>))))]
pub async fn event_types() -> Json<Data<Vec<EventType>>> {
    data(
        events::catalogue()
            .map(|(name, description)| EventType {
                event_type: name.to_string(),
                description: description.to_string(),
            })
            .collect(),
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub event_id: String,
    pub event_type: String,
    pub entity_id: String,
    pub created_at: i64,
    /// The delivered body: `{event_type, event_data}`.
    pub payload: serde_json::Value,
}

#[utoipa::path(get, path = "/v3/webhooks/events", tag = "Webhooks",
    params(("event_type" = Option<String>, Query), ("entity_id" = Option<String>, Query), ("limit" = Option<i64>, Query), ("token" = Option<String>, Query)),
    responses((status = 200, body = inline(ListPage<EventView>))))]
pub async fn events(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<EventView>>> {
    let signer = &state.service.signer;
    let event_type = query.get("event_type").map(String::as_str).filter(|s| !s.is_empty());
    let entity_id = query.get("entity_id").map(String::as_str).filter(|s| !s.is_empty());
    if let Some(kind) = event_type {
        check_events(&Some(vec![kind.to_string()])).map_err(|e| e.with_param("event_type"))?;
    }
    let scope = format!(
        "{}:events:{}:{}",
        caller.workspace_id,
        event_type.unwrap_or(""),
        entity_id.unwrap_or("")
    );
    let page = PageRequest::parse(&query, 10, signer, &scope)?;
    let events = state
        .service
        .store
        .list_events(&caller.workspace_id, event_type, entity_id, page.limit, page.after.as_deref())
        .await?;
    let next_token = PageRequest::next_token(signer, &scope, events.has_more, events.items.last().map(|e| e.id.as_str()));
    Ok(Json(ListPage {
        data: events
            .items
            .iter()
            .map(|e| EventView {
                event_id: e.id.clone(),
                event_type: e.event_type.clone(),
                entity_id: e.entity_id.clone(),
                created_at: e.created_at / 1000,
                payload: serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null),
            })
            .collect(),
        has_more: events.has_more,
        next_token,
    }))
}
