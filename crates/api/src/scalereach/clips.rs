//! `/api/videos/{id}/clips` (with the seed's filters and sorts) and `/api/clips/{id}…`:
//! get, rename, delete, a fresh download link, the favourite toggle, regenerate (an
//! export of that one clip in a new ratio or quality).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use reelcut_captions::Display;
use reelcut_clipping::export::{ExportOptions, Frame};
use reelcut_clipping::LayoutChoice;
use reelcut_core::{Code, JobStatus};
use reelcut_jobs::{Command, ExportCommand, JobLabels};
use reelcut_store::ClipRow;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::view::{self, ClipView};
use super::ErrorBody;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClipList {
    pub video_id: String,
    pub clips: Vec<ClipView>,
    pub count: usize,
    /// The filters applied, echoed.
    #[schema(value_type = Object)]
    pub filters: Value,
}

fn number(query: &HashMap<String, String>, name: &str) -> ApiResult<Option<f64>> {
    match query.get(name) {
        None => Ok(None),
        Some(raw) => match raw.parse::<f64>() {
            Ok(n) if (0.0..=100.0).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::invalid(name, format!("{name} must be a number from 0 to 100"))),
        },
    }
}

/// A video's clips: `minScore`, `maxScore`, `status` (detected, generating, completed,
/// failed; `ready`/`exported` mean completed), `favorited`, `sortBy` (score, duration,
/// createdAt), `sortOrder` (asc, desc; default score desc).
#[utoipa::path(get, path = "/api/videos/{id}/clips", tag = "Clips",
    params(("minScore" = Option<f64>, Query), ("maxScore" = Option<f64>, Query), ("status" = Option<String>, Query),
           ("favorited" = Option<bool>, Query), ("sortBy" = Option<String>, Query), ("sortOrder" = Option<String>, Query)),
    responses((status = 200, body = ClipList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ClipList>> {
    super::videos::video_of(&state, &caller, &id).await?;
    let (min, max) = (number(&query, "minScore")?, number(&query, "maxScore")?);
    let status = query.get("status").map(|s| match s.as_str() {
        "ready" | "exported" => "completed".to_string(),
        other => other.to_string(),
    });
    if let Some(s) = &status {
        if !matches!(s.as_str(), "detected" | "generating" | "completed" | "failed") {
            return Err(ApiError::invalid(
                "status",
                "status must be detected, generating, completed or failed",
            ));
        }
    }
    let favorited = match query.get("favorited").map(String::as_str) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(ApiError::invalid("favorited", "favorited must be true or false")),
    };
    let sort_by = query.get("sortBy").map_or("score", String::as_str).to_string();
    let sort_order = query.get("sortOrder").map_or("desc", String::as_str).to_string();
    if !matches!(sort_by.as_str(), "score" | "duration" | "createdAt") || !matches!(sort_order.as_str(), "asc" | "desc") {
        return Err(ApiError::invalid(
            "sortBy",
            "sortBy must be score, duration or createdAt; sortOrder asc or desc",
        ));
    }
    let (_, rows) = state.service.store.get_job_with_clips(&caller.workspace_id, &id).await?;
    let mut clips: Vec<ClipView> = rows
        .iter()
        .map(|row| view::clip(&state.service, row))
        .filter(|c| min.is_none_or(|m| c.score as f64 >= m) && max.is_none_or(|m| c.score as f64 <= m))
        .filter(|c| status.as_ref().is_none_or(|s| c.status == *s))
        .filter(|c| favorited.is_none_or(|f| c.favorited == f))
        .collect();
    clips.sort_by(|a, b| {
        let order = match sort_by.as_str() {
            "duration" => a.duration.total_cmp(&b.duration),
            "createdAt" => a.created_at.cmp(&b.created_at).then(b.score.cmp(&a.score)),
            _ => a.score.cmp(&b.score),
        };
        if sort_order == "asc" {
            order
        } else {
            order.reverse()
        }
    });
    let filters =
        json!({ "minScore": min, "maxScore": max, "status": status, "favorited": favorited, "sortBy": sort_by, "sortOrder": sort_order });
    Ok(Json(ClipList {
        video_id: id,
        count: clips.len(),
        clips,
        filters,
    }))
}

async fn clip_of(state: &AppState, caller: &Caller, id: &str) -> ApiResult<ClipRow> {
    state
        .service
        .store
        .get_clip(&caller.workspace_id, id)
        .await
        .map_err(|_| ApiError::new(Code::NotFound, "Clip not found"))
}

/// One clip.
#[utoipa::path(get, path = "/api/clips/{id}", tag = "Clips",
    responses((status = 200, body = ClipView), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<ClipView>> {
    Ok(Json(view::clip(&state.service, &clip_of(&state, &caller, &id).await?)))
}

/// A fresh signed download link (`expiresIn` seconds, 60 to 604800, default 3600).
#[utoipa::path(get, path = "/api/clips/{id}/download", tag = "Clips",
    params(("expiresIn" = Option<u64>, Query)),
    responses((status = 200, body = Object), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let clip = clip_of(&state, &caller, &id).await?;
    let expires: u64 = query
        .get("expiresIn")
        .and_then(|v| v.parse().ok())
        .unwrap_or(3600)
        .clamp(60, 604_800);
    let Some(key) = clip.video_key.as_deref().filter(|_| clip.status == "completed") else {
        return Err(ApiError::invalid("id", "Clip has not been generated yet"));
    };
    let title: String = clip
        .title
        .clone()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { '_' })
        .collect();
    Ok(Json(json!({
        "clipId": clip.id,
        "downloadUrl": state.service.presign_get_for(key, expires),
        "expiresIn": expires,
        "filename": format!("{}-{}.mp4", title.trim(), clip.id),
        "status": "exported",
    })))
}

/// The clip's record with `change` applied, stored with `title`.
/// Favourite or unfavourite: a toggle.
#[utoipa::path(post, path = "/api/clips/{id}/favorite", tag = "Clips",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn favorite(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let clip = clip_of(&state, &caller, &id).await?;
    // Only the record's mark is needed (a view would presign two links for nothing).
    let now = !serde_json::from_str::<view::Record>(&clip.detail).unwrap_or_default().favorited;
    let row = crate::clip_edits::edit(&state, &caller, &clip, None, |d| {
        d.insert("favorited".into(), Value::Bool(now));
    })
    .await?;
    let message = if now { "Clip favorited" } else { "Clip unfavorited" };
    Ok(Json(json!({ "message": message, "clip": view::clip(&state.service, &row) })))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClipEdit {
    pub title: Option<String>,
    pub intro_title: Option<String>,
}

/// Rename a clip (`title`, `introTitle`).
#[utoipa::path(patch, path = "/api/clips/{id}", tag = "Clips", request_body = ClipEdit,
    responses((status = 200, body = ClipView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ClipEdit>,
) -> ApiResult<Json<ClipView>> {
    let clip = clip_of(&state, &caller, &id).await?;
    if body.title.is_none() && body.intro_title.is_none() {
        return Err(ApiError::invalid("title", "No valid fields to update"));
    }
    let intro = body.intro_title.clone();
    let row = crate::clip_edits::edit(&state, &caller, &clip, body.title.as_deref(), |d| {
        if let Some(text) = intro {
            d.insert("hook_text".into(), Value::String(text));
        }
    })
    .await?;
    Ok(Json(view::clip(&state.service, &row)))
}

/// Delete one clip.
#[utoipa::path(delete, path = "/api/clips/{id}", tag = "Clips",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let clip = clip_of(&state, &caller, &id).await?;
    state.service.store.delete_clip(&caller.workspace_id, &id).await?;
    crate::v3::forget_job(&state, &caller, &clip.job_id);
    Ok(Json(json!({ "message": "Clip deleted successfully" })))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Regenerate {
    /// 9:16, 16:9, 1:1 or 4:5 (default: the clip's own).
    pub aspect_ratio: Option<String>,
    /// 720p, 1080p (default) or 4k.
    pub quality: Option<String>,
}

/// Draw one clip again in another ratio or quality: an export job of that clip, whose
/// new file is the export's clip (`GET /v3/ai-clipping/{videoId}/exports/{jobId}`); the
/// original clip stays as it was.
#[utoipa::path(post, path = "/api/clips/{id}/regenerate", tag = "Clips", request_body = Regenerate,
    responses((status = 202, body = Object), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn regenerate(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body: Regenerate = if body.iter().all(u8::is_ascii_whitespace) {
        Regenerate::default()
    } else {
        crate::extract::parse_json(&body)?
    };
    let clip = clip_of(&state, &caller, &id).await?;
    let (job, rows) = state.service.store.get_job_with_clips(&caller.workspace_id, &clip.job_id).await?;
    if job.status() != JobStatus::Completed {
        return Err(ApiError::invalid("id", "Clip has not been generated yet"));
    }
    let position = rows.iter().position(|r| r.id == clip.id).expect("the clip is one of its job's");
    let ratio = body
        .aspect_ratio
        .clone()
        .unwrap_or_else(|| super::config::aspect_name(clip.aspect_ratio.as_deref().unwrap_or("portrait")).to_string());
    let aspect = super::config::aspect(&ratio).map_err(|e| e.with_param("aspectRatio"))?;
    let quality = body.quality.clone().unwrap_or_else(|| "1080p".into());
    let resolution = match quality.as_str() {
        "720p" => 720,
        "1080p" => 1080,
        "4k" => 2160,
        other => {
            return Err(ApiError::invalid(
                "quality",
                format!("quality must be 720p, 1080p or 4k (got '{other}')"),
            ))
        }
    };
    let record: view::Record = serde_json::from_str(&clip.detail).unwrap_or_default();
    let options = ExportOptions {
        clips: Some(vec![position]),
        frame: Frame::Aspect(aspect),
        resolution,
        layout: LayoutChoice::Auto,
        caption_style: Some(reelcut_captions::Style::Karaoke),
        display: Display::Original,
        target_language: None,
        hook: None,
        trims: Vec::new(),
    };
    let command = Command::Export(ExportCommand {
        job_id: clip.job_id.clone(),
        options,
    });
    let export = state.service.enqueue(&caller.workspace_id, &command, &JobLabels::default()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "message": "Clip regeneration started",
            "clipId": clip.id,
            "jobId": export.id,
            "options": {
                "aspectRatio": ratio, "quality": quality, "startTime": record.start, "endTime": record.end,
                "duration": record.end - record.start, "hasCaptions": true,
            },
        })),
    ))
}
