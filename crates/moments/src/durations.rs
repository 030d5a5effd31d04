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

    /// Accepted clip lengths in seconds (speech span, before padding). The ranges meet
    /// or overlap, so a whole passage of any length from 15 s to 10 min fits some type.
    pub fn range(self) -> (f64, f64) {
        match self {
            DurationType::S30 => (15.0, 40.0),
            DurationType::S60 => (35.0, 90.0),
            DurationType::S180 => (90.0, 180.0),
            DurationType::Long => (180.0, 600.0),
        }
    }

    /// The length the name promises.
    pub fn nominal(self) -> f64 {
        match self {
            DurationType::S30 => 30.0,
            DurationType::S60 => 60.0,
            DurationType::S180 => 180.0,
            DurationType::Long => 300.0,
        }
    }

    /// Of the requested types, the one a passage of `length` seconds belongs to: the
    /// type whose range holds it and whose name is nearest its length. `None` when no
    /// requested range holds it (the passage is not offered; it is never cut to fit).
    pub fn for_length(requested: &[DurationType], length: f64) -> Option<DurationType> {
        requested
            .iter()
            .copied()
            .filter(|d| {
                let (min, max) = d.range();
                (min..=max).contains(&length)
            })
            .min_by(|a, b| (a.nominal() - length).abs().total_cmp(&(b.nominal() - length).abs()))
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
