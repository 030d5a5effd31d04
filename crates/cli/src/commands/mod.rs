pub mod clip;
pub mod config;
pub mod models;
pub mod moments;
pub mod render;
pub mod serve;
pub mod shared;
pub mod transcribe;
