//! The stacked split-screen: two people far apart in a wide shot, talking back and forth.
//! Following the speaker would cut every couple of seconds; a fixed panel for each
//! person, one above the other, shows both all the time and never cuts. Panels are
//! still (like a podcast edit): their framing is each face's median position.

use serde::{Deserialize, Serialize};

use crate::crop::crop_size;
use crate::scene::Scene;
use crate::speaker::Speakers;

/// Each of the two people must be in view in this share of the clip…
const MIN_VISIBLE: f32 = 0.7;
/// …and be the speaker in this share of the time somebody is.
const MIN_SPEAKING: f32 = 0.2;
/// Automatic split only when turns are this short (median, seconds): longer turns are
/// followed by the camera, which shows each speaker bigger.
const MAX_MEDIAN_TURN_S: f64 = 4.0;
/// Shorter runs of one leader are flicker, not turns.
const MIN_TURN_S: f64 = 0.6;
/// A panel is about this many face heights tall…
const FACE_HEIGHTS_PER_PANEL: f32 = 4.0;
/// …and never so tight that the face does not fit with room around it.
const MIN_FACE_HEIGHTS_PER_PANEL: f32 = 1.8;

/// One fixed crop of the source, shown in one half of the output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    /// The face track it shows.
    pub track: usize,
    /// Crop size in source pixels (even numbers).
    pub crop: (u32, u32),
    /// Top-left corner of the crop in source pixels.
    pub corner: (f32, f32),
    /// Where it lands in the output (x, y, width, height as shares of the output); the
    /// split layout's two panels have none (they are stacked halves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<[f32; 4]>,
}

/// Whether the split is chosen by the clip's content or asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitRule {
    /// Two people far apart with short turns.
    Auto,
    /// Two people far apart, whatever their turns.
    Forced,
}

struct Person {
    track: usize,
    visible: usize,
    speaking: usize,
    centre: (f32, f32),
    face_height: f32,
}

/// The middle value (the upper one of an even count); `values` must not be empty.
pub(crate) fn median(mut values: Vec<f32>) -> f32 {
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

/// Median length in seconds of the runs of one leading speaker. A run shorter than
/// `MIN_TURN_S` is a flicker between two close scores, not a turn: it is dropped and
/// the same leader's runs around it join up.
fn median_turn_s(leaders: &[Option<usize>], fps: f64) -> f64 {
    let mut runs: Vec<(usize, usize)> = Vec::new(); // (leader, samples)
    for &a in leaders.iter().flatten() {
        match runs.last_mut() {
            Some((t, n)) if *t == a => *n += 1,
            _ => runs.push((a, 1)),
        }
    }
    runs.retain(|&(_, n)| n as f64 >= MIN_TURN_S * fps);
    let mut turns: Vec<f32> = Vec::new();
    let mut last: Option<usize> = None;
    for (t, n) in runs {
        match turns.last_mut() {
            Some(len) if last == Some(t) => *len += n as f32,
            _ => turns.push(n as f32),
        }
        last = Some(t);
    }
    if turns.is_empty() {
        return f64::INFINITY;
    }
    median(turns) as f64 / fps
}

/// The two panels (top first: the person on the left) when the clip is a two-person
/// conversation the fill crop cannot show at once; `None` otherwise.
/// `aspect` is the whole output's width/height; each panel is half of it.
pub fn plan(scene: &Scene, speakers: &Speakers, aspect: f64, rule: SplitRule) -> Option<[Panel; 2]> {
    let leaders = &speakers.leaders;
    let n = scene.observations.len();
    if n == 0 {
        return None;
    }
    let tracks = scene.observations.iter().flat_map(|o| o.faces.iter().map(|f| f.track)).max()? + 1;
    let mut people: Vec<Person> = (0..tracks)
        .filter_map(|track| {
            let faces: Vec<_> = scene
                .observations
                .iter()
                .filter_map(|o| o.faces.iter().find(|f| f.track == track))
                .map(|f| f.face)
                .collect();
            (!faces.is_empty()).then(|| Person {
                track,
                visible: faces.len(),
                speaking: leaders.iter().filter(|a| **a == Some(track)).count(),
                centre: (
                    median(faces.iter().map(|f| f.centre().0).collect()),
                    median(faces.iter().map(|f| f.centre().1).collect()),
                ),
                face_height: median(faces.iter().map(|f| f.y1 - f.y0).collect()),
            })
        })
        .collect();
    people.sort_by_key(|p| std::cmp::Reverse(p.visible));
    people.truncate(2);
    if people.len() < 2 || people.iter().any(|p| (p.visible as f32) < MIN_VISIBLE * n as f32) {
        return None;
    }
    let speaking_total = leaders.iter().flatten().count().max(1) as f32;
    if people.iter().any(|p| (p.speaking as f32) < MIN_SPEAKING * speaking_total) {
        return None;
    }
    // Far apart: one crop of the whole output's aspect cannot hold both faces.
    let (fill, _) = crop_size(scene.source, aspect);
    let distance = (people[0].centre.0 - people[1].centre.0).abs();
    let face = people.iter().map(|p| p.face_height).fold(0.0, f32::max);
    if distance + face <= fill.0 as f32 {
        return None;
    }
    if rule == SplitRule::Auto && median_turn_s(leaders, scene.fps) > MAX_MEDIAN_TURN_S {
        return None;
    }
    people.sort_by(|a, b| a.centre.0.total_cmp(&b.centre.0));
    let panel = |p: &Person| {
        let (sw, sh) = (scene.source.0 as f32, scene.source.1 as f32);
        let aspect = 2.0 * aspect as f32;
        // As tall as a few face heights, but no wider than the gap between the two
        // people (so the other one is not half in the panel), unless the face needs it.
        let mut h = (p.face_height * FACE_HEIGHTS_PER_PANEL).min(sh);
        if h * aspect > distance {
            h = (distance / aspect).max(p.face_height * MIN_FACE_HEIGHTS_PER_PANEL);
        }
        let mut w = h * aspect;
        if w > sw {
            w = sw;
            h = w / aspect;
        }
        let h = h.min(sh);
        let even = |v: f32| ((v / 2.0).floor() as u32 * 2).max(2);
        let (cw, ch) = (even(w), even(h));
        let x = (p.centre.0 - cw as f32 / 2.0).clamp(0.0, sw - cw as f32);
        // The face a little above the panel's middle, where the eye expects it.
        let y = (p.centre.1 - 0.42 * ch as f32).clamp(0.0, sh - ch as f32);
        Panel {
            track: p.track,
            crop: (cw, ch),
            corner: (x.round(), y.round()),
            at: None,
        }
    };
    Some([panel(&people[0]), panel(&people[1])])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turn_lengths() {
        let a = |v: &[usize]| v.iter().map(|&t| Some(t)).collect::<Vec<_>>();
        assert_eq!(median_turn_s(&a(&[0, 0, 1, 1, 1, 0, 0]), 1.0), 2.0);
        assert_eq!(
            median_turn_s(&a(&[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]), 5.0),
            1.8,
            "a flicker is not a turn"
        );
        assert!(median_turn_s(&[None, None], 5.0).is_infinite());
    }
}
