//! The one way a clip's stored record is edited after its job (a favourite, a new title
//! or hook text), whichever page or dialect asks: the row changes and every cached view
//! of its job is forgotten, so v3's Get shows the change at once.

use reelcut_store::ClipRow;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::AppState;

pub(crate) async fn edit(
    state: &AppState,
    caller: &Caller,
    clip: &ClipRow,
    title: Option<&str>,
    change: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> ApiResult<ClipRow> {
    let mut detail: Value = serde_json::from_str(&clip.detail).unwrap_or_else(|_| json!({}));
    if let Some(map) = detail.as_object_mut() {
        change(map);
    }
    let row = state
        .service
        .store
        .update_clip(&caller.workspace_id, &clip.id, title.or(clip.title.as_deref()), &detail)
        .await?;
    crate::v3::forget_job(state, caller, &clip.job_id);
    Ok(row)
}
