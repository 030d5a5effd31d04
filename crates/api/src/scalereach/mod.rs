//! ScaleReach's dialect, under `/api`: the key's workspace, videos submitted by URL (or
//! by our upload extension), their status and clips, and the per-clip calls its MCP
//! server and backend make (download, favourite, rename, delete, regenerate). A video is
//! an AI clipping job; its clips are the job's clips, so what one dialect changes the
//! others show. Bodies are camelCase with ISO-8601 times and seconds; errors are
//! `{"error": "…"}` with ScaleReach's statuses, and a 429 carries `Retry-After` and
//! `X-RateLimit-*`.

pub mod clips;
pub mod config;
pub mod names;
pub mod openapi;
pub mod upload;
pub mod videos;
pub mod view;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use reelcut_core::Code;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// The routes, to be nested under `/api`.
pub fn routes(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/workspaces", get(workspaces))
        .route("/workspaces/{id}", get(workspace))
        .route("/videos/validate-youtube", get(videos::validate))
        .route("/videos/youtube", post(videos::submit))
        .route("/videos/my-videos", get(videos::list))
        .route("/videos/{id}", get(videos::get_one).delete(videos::delete))
        .route("/videos/{id}/status", get(videos::status))
        .route("/videos/{id}/clips", get(clips::list))
        .route("/videos/{id}/config", get(videos::get_config).patch(videos::patch_config))
        .route("/videos/{id}/configure", post(videos::configure))
        .route("/videos/{id}/regenerate", post(videos::regenerate))
        .route("/clips/{id}", get(clips::get_one).patch(clips::update).delete(clips::delete))
        .route("/clips/{id}/download", get(clips::download))
        .route("/clips/{id}/favorite", post(clips::favorite))
        .route("/clips/{id}/regenerate", post(clips::regenerate))
        .route("/upload/init", post(upload::init))
        .route("/upload/complete", post(upload::complete))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(crate::JSON_BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), crate::auth::require_key))
        .layer(middleware::from_fn_with_state(state, errors))
}

async fn not_found() -> ApiError {
    ApiError::new(Code::NotFound, "Not found")
}

/// ScaleReach's error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

/// Re-renders every error of these routes as `{"error": "…"}` (plus `retryAfter` on a
/// 429, with `Retry-After` and `X-RateLimit-*` headers), keeping the table's status.
async fn errors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<ApiError>().cloned() else {
        return response;
    };
    let status = StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = error.body().error.message;
    let Some(retry) = error.retry_after else {
        return (status, Json(ErrorBody { error: message })).into_response();
    };
    let body = serde_json::json!({ "error": "Too Many Requests", "message": message, "retryAfter": retry });
    let mut reshaped = (status, Json(body)).into_response();
    let limit = state.service.settings.service.rate_limit_per_minute;
    let reset = chrono::Utc::now().timestamp() + retry as i64;
    for (name, value) in [
        ("retry-after", retry.to_string()),
        ("x-ratelimit-limit", limit.to_string()),
        ("x-ratelimit-remaining", "0".to_string()),
        ("x-ratelimit-reset", reset.to_string()),
    ] {
        reshaped
            .headers_mut()
            .insert(name, HeaderValue::from_str(&value).expect("digits are a valid header"));
    }
    reshaped
}

/// A workspace as ScaleReach shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceView {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub logo: Option<String>,
    /// Self-hosted: no plan limits.
    pub plan: String,
    pub billing_cycle: Option<String>,
    pub role: String,
    pub owner_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

async fn workspace_view(state: &AppState, caller: &Caller) -> ApiResult<WorkspaceView> {
    let (workspace, created) = state
        .service
        .store
        .get_workspace(&caller.workspace_id)
        .await
        .map_err(ApiError::not_found_as("Workspace"))?;
    let created = view::iso(created);
    Ok(WorkspaceView {
        slug: workspace.name.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
        id: workspace.id,
        name: workspace.name,
        description: None,
        logo: None,
        plan: "self-hosted".into(),
        billing_cycle: None,
        role: "owner".into(),
        owner_id: None,
        updated_at: created.clone(),
        created_at: created,
    })
}

/// The key's workspace, as a one-element array (ScaleReach's MCP server reads `[0]`).
#[utoipa::path(get, path = "/api/workspaces", tag = "Workspaces",
    responses((status = 200, body = Vec<WorkspaceView>), (status = 401, body = ErrorBody)))]
pub async fn workspaces(State(state): State<Arc<AppState>>, Extension(caller): Extension<Caller>) -> ApiResult<Json<Vec<WorkspaceView>>> {
    Ok(Json(vec![workspace_view(&state, &caller).await?]))
}

/// One workspace: the key's own (any other id is 403, as upstream).
#[utoipa::path(get, path = "/api/workspaces/{id}", tag = "Workspaces",
    responses((status = 200, body = WorkspaceView), (status = 403, body = ErrorBody)))]
pub async fn workspace(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> ApiResult<Json<WorkspaceView>> {
    if id != caller.workspace_id {
        return Err(forbidden());
    }
    Ok(Json(workspace_view(&state, &caller).await?))
}

/// 403: the resource belongs to another workspace (ScaleReach's wording).
pub fn forbidden() -> ApiError {
    ApiError::new(Code::Forbidden, "You don't have access to this workspace")
}
