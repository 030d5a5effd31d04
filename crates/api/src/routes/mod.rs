//! Routes no dialect owns: health, and the presigned downloads every dialect's URLs
//! point at.

pub mod blobs;
pub mod health;
