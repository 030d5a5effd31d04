//! The typed commands a job carries from a dialect's handler, through the queue, to the
//! worker: domain values only, validated once here (where every default lives too), then
//! serialised as the job's `request` and read back by the worker without a second check.
//!
//! A dialect maps its own vocabulary (field names, enum spellings) onto these values and a
//! [`Field`] back onto its own `param` names; the rules themselves are not its business.

// The domain values a command holds, re-exported so a dialect maps its vocabulary onto
// them without reaching into the pipeline crates.
pub use reelcut_captions::Style;
pub use reelcut_clipping::Aspect;
pub use reelcut_compose::{AspectRatio, Format, Quality, Resolution};
use reelcut_core::{JobKind, Language};
pub use reelcut_moments::DurationType;
use serde::{Deserialize, Serialize};

/// Where a job's input comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VideoSource {
    Url {
        url: String,
    },
    AssetId {
        asset_id: String,
    },
    /// Bytes the API received inline (a base64 project) and stored as a blob.
    Blob {
        key: String,
    },
}

/// A clip command's fields, for a dialect to name in its own words when one is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipField {
    Durations,
    CaptionStyle,
    Prompt,
    Language,
    MaxClips,
    Search,
}

/// A render command's fields, likewise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderField {
    Fps,
    Resolution,
    Composition,
}

/// A refused choice: which field, and why (a sentence a caller can act on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidChoice<F> {
    pub field: F,
    pub message: String,
}

fn refuse<F>(field: F, message: impl Into<String>) -> InvalidChoice<F> {
    InvalidChoice {
        field,
        message: message.into(),
    }
}

/// A clipping job: what to cut from which video, and how the clips look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClipCommand {
    pub video: VideoSource,
    /// The clip lengths asked for, in the caller's order, without repeats.
    pub durations: Vec<DurationType>,
    pub aspect: Aspect,
    /// `None`: no burned-in captions (SRT/VTT are still written).
    pub captions: Option<Style>,
    /// Editorial guidance for moment finding; never blank.
    pub prompt: Option<String>,
    /// The spoken language when the caller knows it; detected otherwise.
    pub language: Option<Language>,
    /// At most this many clips; `None`: as many as stand out.
    #[serde(default)]
    pub max_clips: Option<usize>,
    /// A search ("the part about pricing"): clips are the passages that match it, most
    /// relevant first, instead of the talk's best moments.
    #[serde(default)]
    pub search: Option<String>,
    /// Draw the clips with these settings instead of the operator's defaults (a dialect
    /// whose create request carries export options). Its `clips` is ignored: all clips.
    #[serde(default)]
    pub finish: Option<reelcut_clipping::export::ExportOptions>,
}

/// A caller's choices for a clipping job as a dialect received them: each `None` when
/// the caller left it out (its default then applies).
#[derive(Debug, Clone, Default)]
pub struct ClipChoices {
    pub durations: Option<Vec<String>>,
    pub aspect: Option<Aspect>,
    pub captions: Option<bool>,
    pub caption_style: Option<String>,
    pub prompt: Option<String>,
    pub language: Option<String>,
    pub max_clips: Option<usize>,
    pub search: Option<String>,
}

impl ClipCommand {
    pub const DEFAULT_DURATIONS: [DurationType; 1] = [DurationType::S60];
    pub const DEFAULT_ASPECT: Aspect = Aspect::Portrait;
    pub const DEFAULT_STYLE: Style = Style::Bold;
    pub const MAX_DURATIONS: usize = 4;
    pub const MAX_PROMPT_CHARS: usize = 500;

    /// The one place a clipping request is checked and its defaults filled in.
    pub fn new(video: VideoSource, choices: ClipChoices) -> Result<ClipCommand, InvalidChoice<ClipField>> {
        let durations = match choices.durations {
            None => Self::DEFAULT_DURATIONS.to_vec(),
            Some(names) => Self::durations(&names)?,
        };
        let style = match &choices.caption_style {
            None => Self::DEFAULT_STYLE,
            Some(name) => Style::parse(name).map_err(|m| refuse(ClipField::CaptionStyle, m))?,
        };
        if let Some(prompt) = &choices.prompt {
            if prompt.chars().count() > Self::MAX_PROMPT_CHARS {
                return Err(refuse(
                    ClipField::Prompt,
                    format!("The prompt must be at most {} characters.", Self::MAX_PROMPT_CHARS),
                ));
            }
        }
        let language = match &choices.language {
            None => None,
            Some(code) => Some(Language::parse(code).map_err(|_| {
                refuse(
                    ClipField::Language,
                    format!("'{code}' is not a two-letter ISO-639-1 language code such as 'en'."),
                )
            })?),
        };
        if let Some(n) = choices.max_clips {
            if !(1..=reelcut_moments::MAX_CLIPS_LIMIT).contains(&n) {
                return Err(refuse(
                    ClipField::MaxClips,
                    format!("Ask for 1 to {} clips (got {n}).", reelcut_moments::MAX_CLIPS_LIMIT),
                ));
            }
        }
        let search = match choices.search {
            None => None,
            Some(query) if query.trim().is_empty() => return Err(refuse(ClipField::Search, "The search query is empty.")),
            Some(query) if query.chars().count() > Self::MAX_PROMPT_CHARS => {
                return Err(refuse(
                    ClipField::Search,
                    format!("The search query must be at most {} characters.", Self::MAX_PROMPT_CHARS),
                ))
            }
            Some(query) => Some(query.trim().to_string()),
        };
        Ok(ClipCommand {
            video,
            durations,
            aspect: choices.aspect.unwrap_or(Self::DEFAULT_ASPECT),
            captions: choices.captions.unwrap_or(true).then_some(style),
            prompt: choices.prompt.filter(|p| !p.trim().is_empty()),
            language,
            max_clips: choices.max_clips,
            search,
            finish: None,
        })
    }

    fn durations(names: &[String]) -> Result<Vec<DurationType>, InvalidChoice<ClipField>> {
        if !(1..=Self::MAX_DURATIONS).contains(&names.len()) {
            return Err(refuse(
                ClipField::Durations,
                format!("List 1 to {} duration types.", Self::MAX_DURATIONS),
            ));
        }
        let mut out = Vec::new();
        for name in names {
            let duration = DurationType::ALL.into_iter().find(|d| d.as_str() == name).ok_or_else(|| {
                let expected: Vec<String> = DurationType::ALL.iter().map(|d| format!("'{}'", d.as_str())).collect();
                refuse(
                    ClipField::Durations,
                    format!("'{name}' is not a valid duration type; expected one of {}.", expected.join(", ")),
                )
            })?;
            if !out.contains(&duration) {
                out.push(duration);
            }
        }
        Ok(out)
    }
}

/// A HyperFrames render: which composition of which project, encoded how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderCommand {
    pub project: VideoSource,
    pub fps: u32,
    pub quality: Quality,
    pub format: Format,
    pub resolution: Option<Resolution>,
    pub aspect_ratio: Option<AspectRatio>,
    pub composition: String,
    pub variables: serde_json::Map<String, serde_json::Value>,
}

/// A caller's render choices as a dialect received them (`None`: the default).
#[derive(Debug, Clone, Default)]
pub struct RenderChoices {
    pub fps: Option<u32>,
    pub quality: Option<Quality>,
    pub format: Option<Format>,
    pub resolution: Option<Resolution>,
    pub aspect_ratio: Option<AspectRatio>,
    pub composition: Option<String>,
    pub variables: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A render checked in everything but its project, which a dialect may still have to
/// store (an inline zip is opened against the composition before it is kept).
#[derive(Debug, Clone)]
pub struct RenderDraft(RenderCommand);

impl RenderCommand {
    pub const DEFAULT_FPS: u32 = 30;
    pub const DEFAULT_COMPOSITION: &str = "index.html";
    pub const MAX_COMPOSITION_CHARS: usize = 512;

    /// The one place a render request is checked and its defaults filled in.
    pub fn draft(choices: RenderChoices) -> Result<RenderDraft, InvalidChoice<RenderField>> {
        let fps = choices.fps.unwrap_or(Self::DEFAULT_FPS);
        let max_fps = reelcut_compose::options::MAX_FPS;
        if !(1..=max_fps).contains(&fps) {
            return Err(refuse(RenderField::Fps, format!("'fps' must be between 1 and {max_fps}.")));
        }
        let format = choices.format.unwrap_or_default();
        if choices.resolution == Some(Resolution::K4) && format != Format::Mp4 {
            return Err(refuse(RenderField::Resolution, "'resolution' 4k is available for mp4 only."));
        }
        let composition = choices.composition.unwrap_or_else(|| Self::DEFAULT_COMPOSITION.into());
        if composition.is_empty() || composition.chars().count() > Self::MAX_COMPOSITION_CHARS {
            return Err(refuse(
                RenderField::Composition,
                format!("'composition' must be 1 to {} characters.", Self::MAX_COMPOSITION_CHARS),
            ));
        }
        Ok(RenderDraft(RenderCommand {
            project: VideoSource::Blob { key: String::new() },
            fps,
            quality: choices.quality.unwrap_or_default(),
            format,
            resolution: choices.resolution,
            aspect_ratio: choices.aspect_ratio,
            composition,
            variables: choices.variables.unwrap_or_default(),
        }))
    }
}

impl RenderDraft {
    pub fn composition(&self) -> &str {
        &self.0.composition
    }

    pub fn with_project(self, project: VideoSource) -> RenderCommand {
        RenderCommand { project, ..self.0 }
    }
}

/// An export: chosen clips of a finished clipping job (in the same workspace, checked
/// by the dialect) drawn again with new render settings, from what that job kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportCommand {
    pub job_id: String,
    pub options: reelcut_clipping::export::ExportOptions,
}

/// Any job's command, as the queue stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Clip(ClipCommand),
    Render(RenderCommand),
    Export(ExportCommand),
    Agent(AgentCommand),
    /// One part of a clipping job spread over workers.
    ClipTask(crate::clipping_job::tasks::ClipTaskCommand),
}

/// One video of a video agent session: the storyboard as it stood when the video was
/// asked for, and the session's attached files (blob keys by the name the plan uses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentCommand {
    pub session_id: String,
    pub plan: reelcut_agent::Storyboard,
    #[serde(default)]
    pub media: Vec<(String, String)>,
}

impl Command {
    pub fn kind(&self) -> JobKind {
        match self {
            Command::Clip(_) => JobKind::AiClipping,
            Command::Render(_) => JobKind::HyperframesRender,
            Command::Export(_) => JobKind::AiClippingExport,
            Command::Agent(_) => JobKind::VideoAgent,
            Command::ClipTask(_) => JobKind::AiClippingTask,
        }
    }

    /// The record that started the job, when one did.
    pub fn parent(&self) -> Option<&str> {
        match self {
            Command::Agent(a) => Some(&a.session_id),
            _ => None,
        }
    }

    /// Reads back a stored command (the queue's own serialisation, so failure is ours).
    pub fn from_stored(text: &str) -> Result<Command, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> VideoSource {
        VideoSource::Url {
            url: "https://example.com/a.mp4".into(),
        }
    }

    #[test]
    fn defaults_fill_what_the_caller_left_out() {
        let command = ClipCommand::new(url(), ClipChoices::default()).unwrap();
        assert_eq!(command.durations, vec![DurationType::S60]);
        assert_eq!(command.aspect, Aspect::Portrait);
        assert_eq!(command.captions, Some(Style::Bold));
        assert_eq!((command.prompt, command.language), (None, None));
    }

    #[test]
    fn each_rule_names_its_field() {
        let refused = |choices: ClipChoices| ClipCommand::new(url(), choices).unwrap_err().field;
        let durations = |d: &[&str]| Some(d.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            refused(ClipChoices {
                durations: durations(&[]),
                ..Default::default()
            }),
            ClipField::Durations
        );
        assert_eq!(
            refused(ClipChoices {
                durations: durations(&["45"]),
                ..Default::default()
            }),
            ClipField::Durations
        );
        assert_eq!(
            refused(ClipChoices {
                caption_style: Some("comic-sans".into()),
                ..Default::default()
            }),
            ClipField::CaptionStyle
        );
        assert_eq!(
            refused(ClipChoices {
                prompt: Some("x".repeat(501)),
                ..Default::default()
            }),
            ClipField::Prompt
        );
        assert_eq!(
            refused(ClipChoices {
                language: Some("english".into()),
                ..Default::default()
            }),
            ClipField::Language
        );
    }

    #[test]
    fn the_queue_round_trips_a_command() {
        let choices = ClipChoices {
            durations: Some(vec!["30".into(), "60".into(), "30".into()]),
            aspect: Some(Aspect::Square),
            captions: Some(false),
            prompt: Some("  ".into()),
            language: Some("de".into()),
            ..Default::default()
        };
        let command = Command::Clip(ClipCommand::new(url(), choices).unwrap());
        let stored = serde_json::to_string(&command).unwrap();
        assert_eq!(Command::from_stored(&stored).unwrap(), command);
        let Command::Clip(clip) = command else { unreachable!() };
        assert_eq!(clip.durations, vec![DurationType::S30, DurationType::S60]);
        assert_eq!((clip.captions, clip.prompt), (None, None));
    }
}
