//! The OpenAPI 3.1 document at `/v3/openapi.json`, generated from the handlers and the
//! types they use, with the seed's security schemes.

use axum::Json;
use utoipa::OpenApi;

use crate::auth::BEARER_OR_X_API_KEY;

use super::{assets, clipping, clipping_view, exports, hyperframes, render_view, webhooks};

#[derive(OpenApi)]
#[openapi(
    info(title = "reelcut API (HeyGen v3 dialect)", description = "Self-hosted AI clipping and HyperFrames rendering with HeyGen v3's request and response shapes."),
    modifiers(&BEARER_OR_X_API_KEY),
    security(("ApiKeyAuth" = []), ("BearerAuth" = [])),
    paths(
        clipping::create, clipping::list, clipping::get_one, clipping::delete, clipping::cancel,
        exports::create, exports::get_one,
        hyperframes::create, hyperframes::list, hyperframes::get_one, hyperframes::delete,
        assets::upload, assets::get_one, assets::create_direct_upload, assets::complete,
        webhooks::create, webhooks::list, webhooks::get_one, webhooks::update, webhooks::delete,
        webhooks::rotate_secret, webhooks::event_types, webhooks::events,
    ),
    components(schemas(clipping_view::AiClippingDetail, clipping_view::Clip, exports::AiClippingExportDetail, render_view::HyperframesRenderDetail, crate::error::StandardApiError))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
