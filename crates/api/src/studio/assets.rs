//! The built page, embedded: `studio/dist` as Vite wrote it. File names under
//! `assets/` carry a content hash, so they are cached for a year; `index.html` is not.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../studio/dist"]
struct Built;

pub async fn index() -> Response {
    serve("index.html", "no-cache")
}

pub async fn file(Path(path): Path<String>) -> Response {
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    serve(&path, cache)
}

fn serve(path: &str, cache: &'static str) -> Response {
    match Built::get(path) {
        Some(file) => (
            [
                (header::CONTENT_TYPE, file.metadata.mimetype().to_string()),
                (header::CACHE_CONTROL, cache.to_string()),
            ],
            file.data,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such studio file").into_response(),
    }
}
