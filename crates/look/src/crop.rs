//! The crop a clip's aspect cuts from the source: its size and the axis it moves along
//! (shared by the single-camera path and the split layout's panels).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// The crop is narrower than the source and moves left–right.
    X,
    /// The crop is shorter than the source and moves up–down.
    Y,
}

/// The largest crop of the given aspect inside the source, even-sized.
pub fn crop_size(source: (u32, u32), aspect: f64) -> ((u32, u32), Axis) {
    let (w, h) = (source.0 as f64, source.1 as f64);
    let even = |v: f64| ((v / 2.0).floor() as u32 * 2).max(2);
    if w / h >= aspect {
        ((even(h * aspect).min(source.0), even(h)), Axis::X)
    } else {
        ((even(w), even(w / aspect).min(source.1)), Axis::Y)
    }
}
