//! The OpenAPI 3.1 document at `/v3/openapi.json`, generated from the handlers and the
//! types they use, with the seed's security schemes.

use axum::Json;
use utoipa::OpenApi;

use crate::auth::BEARER_OR_X_API_KEY;

use super::{agent_view, agents, assets, clipping, clipping_view, exports, hyperframes, render_view, video_view, videos, webhooks};

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
        agents::create, agents::list, agents::get_one, agents::send, agents::stop, agents::videos, agents::resource,
        videos::styles, videos::list, videos::get_one, videos::delete, videos::voices,
    ),
    components(schemas(clipping_view::AiClippingDetail, clipping_view::Clip, exports::AiClippingExportDetail, render_view::HyperframesRenderDetail, video_view::VideoDetail, agent_view::SessionDetail, crate::error::StandardApiError))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
