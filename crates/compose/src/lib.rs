//! The compose room: HyperFrames compositions (HTML + GSAP/CSS/WAAPI + media, see
//! docs/api-facts.md) rendered frame-exactly by headless Chromium under begin-frame
//! control, encoded by ffmpeg.
//!
//! - [`project`] opens a zip or directory safely;
//! - `runtime.js` is injected into the page: frozen clock, timing, nested compositions,
//!   variables, seeking;
//! - [`browser`] drives one Chromium process over CDP and fences its network;
//! - [`serve`] decides what the page may load;
//! - [`encode`] holds every ffmpeg step; [`render`] puts them together.

pub mod browser;
mod capture;
pub mod encode;
pub mod error;
pub mod fonts;
pub mod options;
pub mod overflow;
pub mod project;
pub mod render;
pub mod serve;
pub mod timeline;

pub use error::ComposeError;
pub use options::{AspectRatio, Format, Quality, RenderOptions, Resolution};
pub use overflow::Overflow;
pub use project::{Project, ProjectLimits};
pub use render::{render, RenderOutcome, RenderProgress, RenderTools};
