//! The media room: every ffmpeg/ffprobe invocation goes through [`process`]; [`probe`]
//! describes inputs; [`audio`] streams 16 kHz mono samples; [`input`] turns a path or
//! URL into a local file.

pub mod audio;
pub mod error;
pub mod input;
pub mod probe;
pub mod process;
pub mod render;

pub use error::MediaError;
pub use process::{ProcessError, Processes};
