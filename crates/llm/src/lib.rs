//! The text-generation room. Everything reelcut writes in words — hook lines now;
//! titles, descriptions, tags, translations and the video agent's scripts as the
//! backends land — goes through here, so a caller never knows whether a model or a
//! rule wrote it. What works offline with no model at all is `hooks::write`.

pub mod hooks;
pub mod tone;

pub use hooks::{HookSource, HOOK_WORDS};
pub use tone::Tone;
