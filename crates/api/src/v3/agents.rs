//! `/v3/video-agents`: a prompt becomes a narrated video (mode `generate`), or a
//! conversation about a storyboard that renders when approved and again after each
//! revision (mode `chat`). Planning is the agent room's offline planner, run in the
//! handler (it takes milliseconds); each video is a job on the shared queue.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use reelcut_agent::revise::Turn;
use reelcut_agent::{Brief, Orientation, Storyboard};
use reelcut_jobs::{AgentCommand, Command, JobLabels};
use reelcut_store::{NewSession, SessionRow, SessionUpdate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::agent_view::{session_view, stored_messages, storyboard_text, SessionDetail, StoredMessage};
use super::clipping::check_labels;
use super::video_view::{video_view, VideoDetail};
use super::{data, Data, ListPage};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

const MAX_TEXT: usize = 10_000;

/// Unknown fields (`auto_proceed`, `skip_agentic_stop`, …) are accepted, as HeyGen's
/// own clients send them.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateSession {
    pub prompt: Option<String>,
    /// generate (default) or chat.
    pub mode: Option<String>,
    /// landscape or portrait; auto-detected when absent.
    pub orientation: Option<String>,
    pub style_id: Option<String>,
    pub voice_id: Option<String>,
    pub avatar_id: Option<String>,
    pub brand_kit_id: Option<String>,
    pub callback_id: Option<String>,
    pub callback_url: Option<String>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub files: Option<Vec<serde_json::Value>>,
    pub incognito_mode: Option<bool>,
    /// Skip the storyboard review in chat mode.
    pub auto_proceed: Option<bool>,
    /// Approximate length in seconds (HeyGen's n8n node sends it).
    pub duration_sec: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedSession {
    pub session_id: String,
    pub status: String,
    pub video_id: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SendMessage {
    pub message: Option<String>,
    pub voice_id: Option<String>,
    pub avatar_id: Option<String>,
    pub brand_kit_id: Option<String>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub files: Option<Vec<serde_json::Value>>,
    pub auto_proceed: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SentMessage {
    pub run_id: String,
    pub session_id: String,
    pub title: Option<String>,
}

fn check_text(param: &str, text: Option<&str>) -> ApiResult<String> {
    match text {
        Some(t) if !t.trim().is_empty() && t.chars().count() <= MAX_TEXT => Ok(t.to_string()),
        _ => Err(ApiError::invalid(
            param,
            format!("'{param}' is required and must be 1-10000 characters."),
        )),
    }
}

/// What we cannot honour is refused by name rather than silently ignored.
fn refuse_unsupported(avatar_id: &Option<String>, brand_kit_id: &Option<String>, files: &Option<Vec<serde_json::Value>>) -> ApiResult<()> {
    if avatar_id.is_some() {
        return Err(ApiError::invalid(
            "avatar_id",
            "reelcut has no avatars: the agent narrates over designed scenes. Omit 'avatar_id'.",
        ));
    }
    if brand_kit_id.is_some() {
        return Err(ApiError::invalid(
            "brand_kit_id",
            "reelcut has no brand kits; pick a look with 'style_id' (GET /v3/video-agents/styles).",
        ));
    }
    if files.as_ref().is_some_and(|f| !f.is_empty()) {
        return Err(ApiError::invalid(
            "files",
            "attached files are not supported yet; put the points or the script in the prompt.",
        ));
    }
    Ok(())
}

fn check_voice(voice_id: &Option<String>) -> ApiResult<()> {
    match voice_id {
        Some(v) if reelcut_voice::find_voice(v).is_none() => Err(ApiError::invalid(
            "voice_id",
            format!("unknown voice '{v}' (GET /v3/voices lists them)."),
        )),
        _ => Ok(()),
    }
}

impl CreateSession {
    fn brief(&self) -> ApiResult<(Brief, bool)> {
        let prompt = check_text("prompt", self.prompt.as_deref())?;
        let chat = match self.mode.as_deref() {
            None | Some("generate") => false,
            Some("chat") => true,
            Some(_) => return Err(ApiError::invalid("mode", "'mode' must be 'generate' or 'chat'.")),
        };
        let orientation = self
            .orientation
            .as_deref()
            .map(|o| match o {
                "landscape" => Ok(Orientation::Landscape),
                "portrait" => Ok(Orientation::Portrait),
                _ => Err(ApiError::invalid("orientation", "'orientation' must be 'landscape' or 'portrait'.")),
            })
            .transpose()?;
        if let Some(s) = self.style_id.as_deref().filter(|s| reelcut_agent::styles::find(s).is_none()) {
            return Err(ApiError::invalid(
                "style_id",
                format!("unknown style '{s}' (GET /v3/video-agents/styles lists them)."),
            ));
        }
        check_voice(&self.voice_id)?;
        refuse_unsupported(&self.avatar_id, &self.brand_kit_id, &self.files)?;
        if let Some(d) = self.duration_sec.filter(|d| !(5.0..=300.0).contains(d)) {
            return Err(ApiError::invalid(
                "duration_sec",
                format!("'duration_sec' must be 5 to 300 seconds, not {d}."),
            ));
        }
        let brief = Brief {
            prompt,
            orientation,
            style_id: self.style_id.clone(),
            voice_id: self.voice_id.clone(),
            duration: self.duration_sec,
            ..Brief::default()
        };
        Ok((brief, chat && !self.auto_proceed.unwrap_or(false)))
    }
}

/// Create a session. `generate` answers with the video's id at once.
#[utoipa::path(post, path = "/v3/video-agents", tag = "Video Agent", request_body = CreateSession,
    responses((status = 200, body = inline(Data<CreatedSession>)), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateSession>,
) -> ApiResult<Json<Data<CreatedSession>>> {
    let (brief, review) = body.brief()?;
    let labels = check_labels(None, body.callback_url.clone(), body.callback_id.clone())?;
    let backend = reelcut_agent::writer::backend(&state.service.settings.llm);
    let plan = reelcut_agent::writer::plan(&brief, backend.as_ref()).await;
    // With no model to write from a brief, chat mode asks for the points instead.
    let needs_points = review
        && backend.is_none()
        && matches!(
            reelcut_agent::planner::form(&brief.prompt),
            reelcut_agent::planner::PromptForm::Brief { .. }
        );
    let mut messages = vec![StoredMessage::text("user", brief.prompt.clone())];
    let status = if needs_points {
        messages.push(StoredMessage::text(
            "model",
            format!("What should the video say about \u{201c}{}\u{201d}? Send the points to cover, one per line, or the script itself — I will not make up facts.", plan.title),
        ));
        "waiting_for_input"
    } else if review {
        messages.push(storyboard_message(&plan, 1));
        "reviewing"
    } else {
        messages.push(StoredMessage::text(
            "model",
            format!(
                "Making \u{201c}{}\u{201d}: {} scenes. {}",
                plan.title,
                plan.scenes.len(),
                plan.notes.join(" ")
            ),
        ));
        "generating"
    };
    let plan_json = serde_json::to_value(&plan).expect("plans serialise");
    let session = state
        .service
        .store
        .insert_session(NewSession {
            workspace_id: &caller.workspace_id,
            mode: if review { "chat" } else { "generate" },
            status: if status == "generating" { "thinking" } else { status },
            title: Some(&plan.title),
            plan: Some(&plan_json),
            messages: &serde_json::to_value(&messages).expect("messages serialise"),
            callback_url: labels.callback_url.as_deref(),
            callback_id: labels.callback_id.as_deref(),
        })
        .await?;
    let video_id = if status == "generating" {
        Some(start_video(&state, &caller, &session, &plan, messages).await?.0)
    } else {
        None
    };
    Ok(data(CreatedSession {
        session_id: session.id,
        status: status.into(),
        video_id,
        created_at: session.created_at / 1000,
    }))
}

fn storyboard_message(plan: &Storyboard, version: usize) -> StoredMessage {
    StoredMessage {
        kind: "resource".into(),
        resource_ids: vec![format!("storyboard-{version}")],
        plan: Some(serde_json::to_value(plan).expect("plans serialise")),
        ..StoredMessage::text("model", storyboard_text(plan))
    }
}

/// Queues a video of `plan` in `session` and records it as the session's latest.
async fn start_video(
    state: &AppState,
    caller: &Caller,
    session: &SessionRow,
    plan: &Storyboard,
    messages: Vec<StoredMessage>,
) -> ApiResult<(String, SessionRow)> {
    let command = Command::Agent(AgentCommand {
        session_id: session.id.clone(),
        plan: plan.clone(),
        media: Vec::new(),
    });
    let labels = JobLabels {
        title: Some(plan.title.clone()),
        callback_url: session.callback_url.clone(),
        callback_id: session.callback_id.clone(),
    };
    let job = state.service.enqueue(&caller.workspace_id, &command, &labels).await?;
    let updated = state
        .service
        .store
        .update_session(
            &caller.workspace_id,
            &session.id,
            session.updated_at,
            SessionUpdate {
                status: "generating",
                title: None,
                plan: Some(&serde_json::to_value(plan).expect("plans serialise")),
                messages: &serde_json::to_value(&messages).expect("messages serialise"),
                video_id: Some(&job.id),
            },
        )
        .await?;
    Ok((job.id, updated))
}

async fn session_of(state: &AppState, caller: &Caller, id: &str) -> ApiResult<(SessionRow, Vec<reelcut_store::JobRow>)> {
    let store = &state.service.store;
    let session = store
        .get_session(&caller.workspace_id, id)
        .await
        .map_err(ApiError::not_found_as("Session"))?;
    let jobs = store.session_jobs(&caller.workspace_id, id).await?;
    Ok((session, jobs))
}

/// Status, progress, the latest video and the last 40 messages, newest first.
#[utoipa::path(get, path = "/v3/video-agents/{session_id}", tag = "Video Agent",
    responses((status = 200, body = inline(Data<SessionDetail>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<SessionDetail>>> {
    let (session, jobs) = session_of(&state, &caller, &id).await?;
    let ids: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
    let outputs = state.service.store.clips_for_jobs(&caller.workspace_id, &ids).await?;
    Ok(data(session_view(&state.service, &session, &jobs, &outputs)))
}

/// A message in a chat session: an answer, an approval, or a revision (a new video).
#[utoipa::path(post, path = "/v3/video-agents/{session_id}", tag = "Video Agent", request_body = SendMessage,
    responses((status = 200, body = inline(Data<SentMessage>)), (status = 400, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn send(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<SendMessage>,
) -> ApiResult<Json<Data<SentMessage>>> {
    let message = check_text("message", body.message.as_deref())?;
    check_voice(&body.voice_id)?;
    refuse_unsupported(&body.avatar_id, &body.brand_kit_id, &body.files)?;
    let (session, jobs) = session_of(&state, &caller, &id).await?;
    if session.mode != "chat" {
        return Err(ApiError::invalid(
            "session_id",
            "Only sessions created with mode 'chat' take messages.",
        ));
    }
    let (status, _) = super::agent_view::status(&session, jobs.first());
    if status == "generating" {
        return Err(ApiError::new(
            reelcut_core::Code::Conflict,
            "A video is being made in this session; send the message when it is done.",
        ));
    }
    let plan: Storyboard = session
        .plan
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| ApiError::new(reelcut_core::Code::Internal, "the session's storyboard does not read back"))?;
    let mut messages = stored_messages(&session);
    messages.push(StoredMessage::text("user", message.clone()));
    let mut plan = plan;
    if let Some(voice) = &body.voice_id {
        plan.voice_id = voice.clone();
    }
    let made_video = !jobs.is_empty();
    let version = messages.iter().filter(|m| m.plan.is_some()).count() + 1;
    let (next_status, render) = match reelcut_agent::revise::turn(&plan, &message) {
        Turn::Approve => ("generating", true),
        Turn::Revised { plan: revised, summary } => {
            plan = revised;
            messages.push(StoredMessage {
                content: format!("{summary}\n{}", storyboard_text(&plan)),
                ..storyboard_message(&plan, version)
            });
            // After a video, a revision is a request for the next one; before, a new draft.
            if made_video || body.auto_proceed.unwrap_or(false) {
                ("generating", true)
            } else {
                ("reviewing", false)
            }
        }
        Turn::Unclear { reply } => {
            messages.push(StoredMessage::text("model", reply));
            (if session.status == "generating" { "generating" } else { status }, false)
        }
    };
    let run_id = reelcut_store::new_id();
    if render {
        start_video(&state, &caller, &session, &plan, messages).await?;
    } else {
        state
            .service
            .store
            .update_session(
                &caller.workspace_id,
                &session.id,
                session.updated_at,
                SessionUpdate {
                    status: next_status,
                    title: Some(&plan.title),
                    plan: Some(&serde_json::to_value(&plan).expect("plans serialise")),
                    messages: &serde_json::to_value(&messages).expect("messages serialise"),
                    video_id: None,
                },
            )
            .await?;
    }
    Ok(data(SentMessage {
        run_id,
        session_id: session.id,
        title: Some(plan.title),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoppedSession {
    pub session_id: String,
}

/// Stops the video being made (it ends as failed, "stopped"); finished videos stay.
#[utoipa::path(post, path = "/v3/video-agents/{session_id}/stop", tag = "Video Agent",
    responses((status = 200, body = inline(Data<StoppedSession>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn stop(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<StoppedSession>>> {
    let (session, jobs) = session_of(&state, &caller, &id).await?;
    if let Some(job) = jobs.first().filter(|j| !j.status().is_terminal()) {
        state.service.store.request_cancel(&caller.workspace_id, &job.id).await?;
    }
    Ok(data(StoppedSession { session_id: session.id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionSummary {
    pub session_id: String,
    pub created_at: i64,
    pub title: Option<String>,
}

/// The caller's sessions, newest first.
#[utoipa::path(get, path = "/v3/video-agents", tag = "Video Agent",
    responses((status = 200, body = inline(ListPage<SessionSummary>))))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<SessionSummary>>> {
    let service = &state.service;
    let scope = format!("{}:agent-sessions", caller.workspace_id);
    let page = crate::extract::PageRequest::parse(&query, 20, &service.signer, &scope)?;
    let sessions = service
        .store
        .list_sessions(&caller.workspace_id, page.limit, page.after.as_deref())
        .await?;
    let last = sessions.items.last().map(|s| s.id.clone());
    Ok(Json(ListPage {
        data: sessions
            .items
            .into_iter()
            .map(|s| SessionSummary {
                session_id: s.id,
                created_at: s.created_at / 1000,
                title: s.title,
            })
            .collect(),
        has_more: sessions.has_more,
        next_token: crate::extract::PageRequest::next_token(&service.signer, &scope, sessions.has_more, last.as_deref()),
    }))
}

/// The session's videos, newest first.
#[utoipa::path(get, path = "/v3/video-agents/{session_id}/videos", tag = "Video Agent",
    responses((status = 200, body = inline(ListPage<VideoDetail>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn videos(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<ListPage<VideoDetail>>> {
    let (_, jobs) = session_of(&state, &caller, &id).await?;
    let ids: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
    let outputs = state.service.store.clips_for_jobs(&caller.workspace_id, &ids).await?;
    Ok(Json(ListPage {
        data: jobs.iter().map(|j| video_view(&state.service, j, &outputs)).collect(),
        has_more: false,
        next_token: None,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResource {
    pub resource_id: String,
    /// draft (a storyboard), video, audio (the narration) or composition (the HyperFrames project zip).
    pub resource_type: String,
    pub source_type: Option<String>,
    pub url: Option<String>,
    pub preview_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub created_at: Option<i64>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<serde_json::Value>,
}

/// One resource a message referred to.
#[utoipa::path(get, path = "/v3/video-agents/{session_id}/resources/{resource_id}", tag = "Video Agent",
    responses((status = 200, body = inline(Data<SessionResource>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn resource(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path((id, resource_id)): Path<(String, String)>,
) -> ApiResult<Json<Data<SessionResource>>> {
    let (session, jobs) = session_of(&state, &caller, &id).await?;
    let resource =
        |kind: &str, url: Option<String>, thumbnail: Option<String>, created: i64, metadata: Option<serde_json::Value>| SessionResource {
            resource_id: resource_id.clone(),
            resource_type: kind.into(),
            source_type: Some("generated".into()),
            preview_url: url.clone(),
            url,
            thumbnail_url: thumbnail,
            created_at: Some(created),
            metadata,
        };
    if let Some(message) = stored_messages(&session)
        .into_iter()
        .find(|m| m.plan.is_some() && m.resource_ids.contains(&resource_id))
    {
        return Ok(data(resource("draft", None, None, message.created_at, message.plan)));
    }
    let (name, job_id) = match resource_id.split_once('-') {
        Some(("narration", job)) => ("narration", job),
        Some(("composition", job)) => ("composition", job),
        _ => ("video", resource_id.as_str()),
    };
    let job = jobs
        .iter()
        .find(|j| j.id == job_id)
        .ok_or_else(|| ApiError::not_found("Resource"))?;
    let outputs = state
        .service
        .store
        .clips_for_jobs(&caller.workspace_id, std::slice::from_ref(&job.id))
        .await?;
    let output = outputs
        .first()
        .filter(|_| job.status() == reelcut_core::JobStatus::Completed)
        .ok_or_else(|| ApiError::not_found("Resource"))?;
    let url = super::video_view::output_url(&state.service, output, name);
    let thumbnail = super::video_view::output_url(&state.service, output, "thumbnail");
    let kind = match name {
        "narration" => "audio",
        "composition" => "composition",
        _ => "video",
    };
    Ok(data(resource(kind, url, thumbnail, job.updated_at / 1000, None)))
}
