//! Our v3 extension (HeyGen has no such endpoint): exports of a finished AI clipping
//! job — chosen clips drawn again in another aspect, resolution, layout, caption look,
//! second caption language or with a hook, without reprocessing the video.
//! `POST /v3/ai-clipping/{id}/exports`, `GET /v3/ai-clipping/{id}/exports/{export_id}`;
//! webhooks `ai_clipping_export.success|fail`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::{Extension, Json};
use reelcut_captions::{Display, Style};
use reelcut_clipping::export::{translation_wanted, ExportOptions, Frame, HookChoice, HookField, Trim};
use reelcut_clipping::{output, Aspect, LayoutChoice};
use reelcut_core::{JobKind, JobStatus, Language};
use reelcut_jobs::{Command, ExportCommand, Service};
use reelcut_store::{ClipRow, JobRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::clipping::check_labels;
use super::clipping_view::{clip_view, Clip, JobStatusSchema};
use super::{data, Data};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

/// The hook line written for each clip.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportHook {
    /// serious (default), casual, informative, conversational, humorous, parody,
    /// inspirational, dramatic, empathetic, persuasive, neutral, excited, calm.
    pub style: Option<String>,
    /// beginning (default) or end.
    pub position: Option<String>,
    /// How long it shows, 500–60000 ms (default 3000).
    pub duration_ms: Option<u32>,
    /// Words that steer which line the hook is built on.
    pub keywords: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAiClippingExport {
    /// Positions of the job's clips, from 0; all clips when omitted.
    pub clip_indices: Option<Vec<usize>>,
    /// portrait (default), square, 4:5, landscape, or original (no reframe).
    pub aspect_ratio: Option<String>,
    /// 480p, 720p, 1080p (default), 1440p, 2160p.
    pub resolution: Option<String>,
    /// auto (default), fill, fit, split, pip, screen_first, grid.
    pub layout: Option<String>,
    /// Burn captions in (default true).
    pub captions: Option<bool>,
    /// A caption look by name (bold by default).
    pub caption_style: Option<String>,
    /// original (default), translation or both.
    pub caption_display: Option<String>,
    /// Two-letter code of the captions' second language.
    pub target_language: Option<String>,
    pub hook: Option<ExportHook>,
    /// Shorter windows for some of the exported clips (the studio's trim): seconds in
    /// the source, inside the clip's own window.
    pub trims: Option<Vec<ExportTrim>>,
    pub callback_url: Option<String>,
    pub callback_id: Option<String>,
}

/// A clip drawn from a shorter window of its own.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportTrim {
    /// Position of the clip in the job, from 0.
    pub clip_index: usize,
    /// Seconds in the source video.
    pub start: f64,
    pub end: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedExport {
    pub export_id: String,
    pub ai_clipping_id: String,
    #[schema(value_type = JobStatusSchema)]
    pub status: String,
}

/// An export as Get and the `ai_clipping_export.*` webhooks show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AiClippingExportDetail {
    pub id: String,
    /// The AI clipping job the clips come from.
    pub ai_clipping_id: String,
    #[schema(value_type = JobStatusSchema)]
    pub status: String,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i64,
    /// The exported clips (new files; the job's own clips stay).
    pub clips: Vec<Clip>,
    pub callback_id: Option<String>,
    pub created_at: Option<i64>,
    pub failure_message: Option<String>,
}

fn invalid(param: &'static str) -> impl Fn(String) -> ApiError {
    move |message| ApiError::invalid(param, message)
}

impl CreateAiClippingExport {
    /// The domain's export options, every value checked, v3's field names in errors.
    fn options(self, windows: &[(f64, f64)]) -> ApiResult<ExportOptions> {
        let clips = windows.len();
        if let Some(bad) = self.clip_indices.iter().flatten().find(|&&i| i >= clips) {
            return Err(ApiError::invalid(
                "clip_indices",
                format!("There is no clip {bad}: the job has {clips} clips."),
            ));
        }
        let frame = match self.aspect_ratio.as_deref() {
            None => Frame::Aspect(Aspect::Portrait),
            Some(name) => Frame::parse(name).map_err(invalid("aspect_ratio"))?,
        };
        let resolution = output::parse_resolution(self.resolution.as_deref().unwrap_or("1080p")).map_err(invalid("resolution"))?;
        let layout = LayoutChoice::parse(&self.layout.unwrap_or_else(|| "auto".into()).replace('_', "-")).map_err(invalid("layout"))?;
        let caption_style = match (self.captions.unwrap_or(true), self.caption_style) {
            (false, _) => None,
            (true, None) => Some(Style::Bold),
            (true, Some(name)) => Some(Style::parse(&name).map_err(invalid("caption_style"))?),
        };
        let display = Display::parse(self.caption_display.as_deref().unwrap_or("original")).map_err(invalid("caption_display"))?;
        let target_language = match self.target_language {
            Some(code) => Some(Language::parse(&code).map_err(invalid("target_language"))?.as_str().to_string()),
            None => None,
        };
        if display != Display::Original && target_language.is_none() {
            return Err(ApiError::invalid(
                "caption_display",
                "'caption_display' other than original needs 'target_language'.",
            ));
        }
        let hook = self.hook.map(hook_choice).transpose()?;
        let trims = trims(self.trims.unwrap_or_default(), self.clip_indices.as_deref(), windows)?;
        Ok(ExportOptions {
            clips: self.clip_indices,
            frame,
            resolution,
            layout,
            caption_style,
            display,
            target_language,
            hook,
            trims,
        })
    }
}

/// Each trim names an exported clip once and stays inside its window.
fn trims(asked: Vec<ExportTrim>, chosen: Option<&[usize]>, windows: &[(f64, f64)]) -> ApiResult<Vec<Trim>> {
    let mut trims: Vec<Trim> = Vec::with_capacity(asked.len());
    for t in asked {
        let Some(&(start, end)) = windows
            .get(t.clip_index)
            .filter(|_| chosen.is_none_or(|c| c.contains(&t.clip_index)))
        else {
            return Err(ApiError::invalid(
                "trims.clip_index",
                format!("Clip {} is not among the exported clips.", t.clip_index),
            ));
        };
        if trims.iter().any(|seen| seen.clip == t.clip_index) {
            return Err(ApiError::invalid(
                "trims.clip_index",
                format!("Clip {} is trimmed twice.", t.clip_index),
            ));
        }
        let trim = Trim {
            clip: t.clip_index,
            start: t.start,
            end: t.end,
        };
        trim.check(start, end).map_err(|m| ApiError::invalid("trims", format!("{m}.")))?;
        trims.push(trim);
    }
    Ok(trims)
}

fn hook_choice(hook: ExportHook) -> ApiResult<HookChoice> {
    HookChoice::from_names(hook.style.as_deref(), hook.position.as_deref(), hook.duration_ms, hook.keywords).map_err(|(field, message)| {
        let param = match field {
            HookField::Style => "hook.style",
            HookField::Position => "hook.position",
            HookField::Duration => "hook.duration_ms",
        };
        ApiError::invalid(param, message)
    })
}

/// Create an export of a completed AI clipping job's clips.
#[utoipa::path(post, path = "/v3/ai-clipping/{id}/exports", tag = "AI Clipping", request_body = CreateAiClippingExport,
    responses((status = 200, body = inline(Data<CreatedExport>)), (status = 400, body = crate::error::ErrorBody),
              (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CreateAiClippingExport>,
) -> ApiResult<Json<Data<CreatedExport>>> {
    let (job, clips) = super::job_of_kind_with_outputs(&state, &caller, &id, JobKind::AiClipping, "AI clipping job")
        .await?
        .as_ref()
        .clone();
    if job.status() != JobStatus::Completed {
        return Err(ApiError::new(
            reelcut_core::Code::Conflict,
            format!(
                "AI clipping job '{id}' is {}; only a completed job's clips can be exported.",
                job.status
            ),
        ));
    }
    let labels = check_labels(None, body.callback_url.clone(), body.callback_id.clone())?;
    let windows: Vec<(f64, f64)> = clips.iter().map(window).collect();
    let options = body.options(&windows)?;
    let spoken = job.input_language.clone().unwrap_or_default();
    translation_wanted(&state.service.settings, &spoken, options.target_language.as_deref())
        .map_err(|e| ApiError::from(e).with_param("target_language"))?;
    let command = Command::Export(ExportCommand {
        job_id: id.clone(),
        options,
    });
    let export = state.service.enqueue(&caller.workspace_id, &command, &labels).await?;
    Ok(data(CreatedExport {
        export_id: export.id,
        ai_clipping_id: id,
        status: export.status,
    }))
}

/// Get an export with its clips.
#[utoipa::path(get, path = "/v3/ai-clipping/{id}/exports/{export_id}", tag = "AI Clipping",
    responses((status = 200, body = inline(Data<AiClippingExportDetail>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path((id, export_id)): Path<(String, String)>,
) -> ApiResult<Json<Data<AiClippingExportDetail>>> {
    let found = super::job_of_kind_with_outputs(&state, &caller, &export_id, JobKind::AiClippingExport, "export").await?;
    let (export, clips) = found.as_ref();
    if parent_of(export).as_deref() != Some(id.as_str()) {
        return Err(ApiError::not_found("export"));
    }
    Ok(data(export_view(&state.service, export, clips)))
}

/// The clipping job an export was made from (its stored command says).
fn parent_of(export: &JobRow) -> Option<String> {
    match Command::from_stored(&export.request) {
        Ok(Command::Export(command)) => Some(command.job_id),
        _ => None,
    }
}

pub fn export_view(service: &Service, export: &JobRow, clips: &[ClipRow]) -> AiClippingExportDetail {
    let status = export.status();
    AiClippingExportDetail {
        id: export.id.clone(),
        ai_clipping_id: parent_of(export).unwrap_or_default(),
        status: export.status.clone(),
        progress: if status == JobStatus::Completed { 100 } else { export.progress },
        clips: clips
            .iter()
            .filter(|c| c.job_id == export.id)
            .map(|c| clip_view(service, c))
            .collect(),
        callback_id: export.callback_id.clone(),
        created_at: Some(export.created_at / 1000),
        failure_message: (status == JobStatus::Failed)
            .then(|| export.stored_error().map(|e| e.message))
            .flatten(),
    }
}

/// A clip's window in the source, from its record.
pub(crate) fn window(clip: &ClipRow) -> (f64, f64) {
    let detail: serde_json::Value = serde_json::from_str(&clip.detail).unwrap_or_default();
    (detail["start"].as_f64().unwrap_or(0.0), detail["end"].as_f64().unwrap_or(0.0))
}
