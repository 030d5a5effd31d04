//! ScaleReach's dialect as an OpenAPI 3.1 document, at `/api/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

use crate::auth::BEARER;

use super::{clips, config, upload, videos, view};

#[derive(OpenApi)]
#[openapi(
    info(title = "reelcut API (ScaleReach dialect)", description = "Videos and clips with ScaleReach's request and response shapes. Send `Authorization: Bearer sr_live_…` (`reelcut keys create --dialect scalereach`)."),
    modifiers(&BEARER),
    security(("BearerAuth" = [])),
    paths(super::workspaces, super::workspace, videos::submit, videos::status, videos::list, videos::get_one, videos::delete,
          clips::list, clips::get_one, clips::download, clips::favorite, clips::update, clips::delete, clips::regenerate,
          upload::init, upload::complete),
    components(schemas(view::VideoView, view::ClipView, view::QueueJob, config::Config, super::ErrorBody))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
