//! The job vocabulary the API, the queue and the store share: kinds and statuses, as the
//! seeds spell them, and the value rules more than one room checks (a language code, an
//! output resolution), so each is written once.

use serde::{Deserialize, Serialize};

/// The public job lifecycle (seed `JobStatus`). The string table (`as_str`, `parse`,
/// `Display`) is strum's, spelled as serde spells it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(text: &str) -> Option<JobStatus> {
        text.parse().ok()
    }

    pub const fn is_terminal(self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled)
    }
}

/// What a queued job does.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum JobKind {
    AiClipping,
    HyperframesRender,
    /// Chosen clips of a finished AI clipping job drawn again with new render settings.
    AiClippingExport,
    /// One video of a video agent session: a storyboard narrated, drawn and rendered.
    VideoAgent,
    /// One part of an AI clipping job spread over workers (a stretch to transcribe, a
    /// clip to look at and render); its parent job is the one callers see.
    AiClippingTask,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(text: &str) -> Option<JobKind> {
        text.parse().ok()
    }

    /// The word `reelcut worker --kinds` takes for it: clip, render, export or agent.
    pub fn short_name(self) -> &'static str {
        match self {
            JobKind::AiClipping => "clip",
            JobKind::HyperframesRender => "render",
            JobKind::AiClippingExport => "export",
            JobKind::VideoAgent => "agent",
            JobKind::AiClippingTask => "clip-task",
        }
    }

    /// What a worker that takes `kinds` claims: a host that takes clipping jobs takes
    /// their tasks too (empty: every kind).
    pub fn with_tasks(kinds: &[JobKind]) -> Vec<JobKind> {
        let mut all = kinds.to_vec();
        if all.contains(&JobKind::AiClipping) && !all.contains(&JobKind::AiClippingTask) {
            all.push(JobKind::AiClippingTask);
        }
        all
    }

    /// A kind by its short name or its stored name.
    pub fn parse_short(text: &str) -> Option<JobKind> {
        use strum::VariantArray;
        JobKind::VARIANTS
            .iter()
            .copied()
            .find(|k| k.short_name() == text || k.as_str() == text)
    }
}

/// The error object a failed job stores: the same one the API returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredError {
    pub code: String,
    pub message: String,
    pub param: Option<String>,
}

/// An ISO-639-1 language code (`en`, `de`): two lower-case ASCII letters. The API's
/// `input_language`, the CLI's `--language` and `speech.language` all obey this rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language(String);

impl Language {
    pub fn parse(text: &str) -> Result<Language, String> {
        if text.len() == 2 && text.chars().all(|c| c.is_ascii_lowercase()) {
            Ok(Language(text.to_string()))
        } else {
            Err(format!("`{text}` is not a two-letter ISO-639-1 code such as `en`"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Language {
    type Error = String;
    fn try_from(text: String) -> Result<Language, String> {
        Language::parse(&text)
    }
}

impl From<Language> for String {
    fn from(language: Language) -> String {
        language.0
    }
}

/// An output resolution name (`480p` … `2160p`, `4k`) as the height of the clip's short
/// side in pixels.
pub fn parse_resolution(text: &str) -> Result<u32, String> {
    match text.trim().to_lowercase().as_str() {
        "480p" => Ok(480),
        "720p" => Ok(720),
        "1080p" => Ok(1080),
        "1440p" => Ok(1440),
        "2160p" | "4k" => Ok(2160),
        other => Err(format!("unknown resolution `{other}` (expected 480p, 720p, 1080p, 1440p or 2160p)")),
    }
}

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use super::*;

    #[test]
    fn strings_round_trip_and_match_serde() {
        for status in JobStatus::VARIANTS {
            assert_eq!(JobStatus::parse(status.as_str()), Some(*status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for kind in JobKind::VARIANTS {
            assert_eq!(JobKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(JobKind::HyperframesRender.as_str(), "hyperframes_render");
        assert_eq!(JobStatus::parse("done"), None);
    }
}
