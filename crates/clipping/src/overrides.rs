//! Per-clip camera overrides. The crop track is data: a user edits it in `clips.json`
//! (another layout, a still camera, a panel moved) and renders again with that file;
//! each clip whose window matches one in the file takes the file's crop track instead
//! of the computed one. Nothing else is re-run: the look cache still supplies the rest.

use std::path::Path;

use reelcut_look::CropTrack;
use serde::Deserialize;

/// Windows match when both ends agree this closely (seconds; `clips.json` keeps ms).
const SAME_WINDOW_S: f64 = 0.01;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CropOverride {
    pub start: f64,
    pub end: f64,
    pub crop_track: CropTrack,
}

#[derive(Deserialize)]
struct Clips {
    clips: Vec<CropOverride>,
}

/// The `clips[].{start, end, crop_track}` of a `clips.json` (other fields are ignored).
pub fn read(path: &Path) -> Result<Vec<CropOverride>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let clips: Clips = serde_json::from_str(&text).map_err(|e| format!("{} is not a clips.json with crop tracks: {e}", path.display()))?;
    for (index, clip) in clips.clips.iter().enumerate() {
        clip.crop_track
            .check_shape()
            .map_err(|e| format!("{}: clip {}'s crop track: {e}", path.display(), index + 1))?;
    }
    Ok(clips.clips)
}

/// The override for a clip window, if there is one.
pub fn find(overrides: &[CropOverride], start: f64, end: f64) -> Option<&CropOverride> {
    overrides
        .iter()
        .find(|o| (o.start - start).abs() <= SAME_WINDOW_S && (o.end - end).abs() <= SAME_WINDOW_S)
}
