//! The duration types a request can ask for (the seeds' `OutputDuration`).

use serde::{Deserialize, Serialize};

use crate::MomentsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DurationType {
    #[serde(rename = "30")]
    S30,
    #[serde(rename = "60")]
    S60,
    #[serde(rename = "180")]
    S180,
    #[serde(rename = "long")]
    Long,
}

impl DurationType {
    pub const ALL: [DurationType; 4] = [DurationType::S30, DurationType::S60, DurationType::S180, DurationType::Long];

    /// Accepted clip lengths in seconds (speech span, before padding).
    pub fn range(self) -> (f64, f64) {
        match self {
            DurationType::S30 => (20.0, 40.0),
            DurationType::S60 => (40.0, 75.0),
            DurationType::S180 => (90.0, 180.0),
            DurationType::Long => (180.0, 600.0),
        }
    }

    /// The length an editor aims for; windows far from it lose a little.
    pub fn target(self) -> f64 {
        match self {
            DurationType::S30 => 30.0,
            DurationType::S60 => 55.0,
            DurationType::S180 => 140.0,
            DurationType::Long => 300.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DurationType::S30 => "30",
            DurationType::S60 => "60",
            DurationType::S180 => "180",
            DurationType::Long => "long",
        }
    }

    pub fn parse(text: &str) -> Result<Self, MomentsError> {
        DurationType::ALL.into_iter().find(|d| d.as_str() == text.trim()).ok_or_else(|| {
            MomentsError::InvalidParameter(
                "duration_types",
                format!("unknown duration type `{text}` (expected one of 30, 60, 180, long)"),
            )
        })
    }

    /// Parses a comma-separated list, keeping the order and dropping repeats.
    pub fn parse_list(text: &str) -> Result<Vec<Self>, MomentsError> {
        let mut out = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let d = Self::parse(part)?;
            if !out.contains(&d) {
                out.push(d);
            }
        }
        if out.is_empty() {
            return Err(MomentsError::InvalidParameter(
                "duration_types",
                "at least one duration type is needed".into(),
            ));
        }
        Ok(out)
    }
}
