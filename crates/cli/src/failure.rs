//! One failure type for the binary: a code from the shared table and one line of text.

use std::fmt;

use reelcut_core::{Code, ErrorCode};

pub struct Failure {
    pub code: Code,
    pub message: String,
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub fn exit_status(&self) -> u8 {
        self.code.exit_status() as u8
    }
}

impl<E: ErrorCode + fmt::Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever the source said.
        let message = self.message.replace('\n', " ");
        write!(f, "error[{}]: {}", self.code, message)
    }
}
