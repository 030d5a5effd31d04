//! Domain vocabulary shared by every room: the typed settings and the one error-code
//! table. Nothing here performs I/O except reading the settings file.

pub mod domain;
pub mod error_code;
pub mod settings;

pub use domain::{JobKind, JobStatus, Language, StoredError};
pub use error_code::{Code, ErrorCode, Side, Then};
pub use settings::{RenderSettings, S3Settings, ServiceSettings, Settings, SettingsError};
