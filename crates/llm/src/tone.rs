//! The 13 script styles a hook can be written in (WayinVideo's `ai_hook_script_style`).

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, EnumIter, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Tone {
    #[default]
    Serious,
    Casual,
    Informative,
    Conversational,
    Humorous,
    Parody,
    Inspirational,
    Dramatic,
    Empathetic,
    Persuasive,
    Neutral,
    Excited,
    Calm,
}

impl Tone {
    pub fn all() -> impl Iterator<Item = Tone> {
        Tone::iter()
    }

    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn parse(name: &str) -> Result<Self, String> {
        let wanted = name.trim().to_lowercase();
        Tone::all().find(|t| t.name() == wanted).ok_or_else(|| {
            let names: Vec<&str> = Tone::all().map(Tone::name).collect();
            format!("unknown hook style `{name}` (expected one of: {})", names.join(", "))
        })
    }
}
