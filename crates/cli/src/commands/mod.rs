pub mod clip;
pub mod config;
pub mod models;
pub mod moments;
pub mod shared;
pub mod transcribe;
