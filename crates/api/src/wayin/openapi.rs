//! WayinVideo's dialect as an OpenAPI 3.1 document, at `/api/v2/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

use crate::auth::BEARER;

use super::{clips, export, upload, view};

#[derive(OpenApi)]
#[openapi(
    info(title = "reelcut API (WayinVideo v2 dialect)", description = "AI clipping, Find Moments, exports and uploads with WayinVideo v2's request and response shapes. Send `Authorization: Bearer KEY` (and, as WayinVideo's clients do, `x-wayinvideo-api-version: v2`). The same routes answer under `/open/v2`."),
    modifiers(&BEARER),
    security(("BearerAuth" = [])),
    paths(clips::create, clips::results, clips::find_moments, clips::find_moments_results, export::create, export::get_one, upload::single_file),
    components(schemas(view::Task, view::ExportTask, view::ClipView, super::SpringError))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
