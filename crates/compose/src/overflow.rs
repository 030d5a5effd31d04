//! Text that does not fit its box, measured in the page while the render runs (once a
//! second of video, after the frame's seek), so a composition writer learns which box
//! to shorten or shrink, and tests can hold generated compositions to "nothing
//! overflows".

use serde::{Deserialize, Serialize};

use crate::browser::Browser;
use crate::error::ComposeError;

/// One box whose text overflowed, the first time it was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overflow {
    /// `#id`, or the tag and classes when the element has no id.
    pub element: String,
    /// The start of its text.
    pub text: String,
    /// How much wider or taller than its box the text is.
    pub wider_px: f64,
    pub taller_px: f64,
    /// How far the box reaches outside the nearest ancestor that clips it.
    #[serde(default)]
    pub outside_px: f64,
    /// Seconds into the video.
    #[serde(default)]
    pub at_s: f64,
}

/// Whether frame `n` is one the overflow check runs on: the first of each second.
pub(crate) fn checks_frame(n: usize, fps: u32) -> bool {
    n.is_multiple_of(fps.max(1) as usize)
}

/// The page's overflowing boxes at time `t`, added to `seen` when new.
pub(crate) async fn check(browser: &Browser, t: f64, seen: &mut Vec<Overflow>) -> Result<(), ComposeError> {
    let found: Vec<Overflow> = browser.eval("window.__reelcut.overflow()").await?;
    for mut o in found {
        if !seen.iter().any(|s| s.element == o.element && s.text == o.text) {
            o.at_s = t;
            seen.push(o);
        }
    }
    Ok(())
}

/// The boxes of every segment, earliest first, each once.
pub(crate) fn merge(parts: Vec<Vec<Overflow>>) -> Vec<Overflow> {
    let mut all: Vec<Overflow> = Vec::new();
    for o in parts.into_iter().flatten() {
        match all.iter_mut().find(|s| s.element == o.element && s.text == o.text) {
            Some(s) if o.at_s < s.at_s => *s = o,
            Some(_) => {}
            None => all.push(o),
        }
    }
    all.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
    all
}
