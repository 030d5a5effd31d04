//! Layouts that place several pictures on the output: picture-in-picture (the whole
//! frame, the speaker inset in a corner), screen-first (the slide or screen share on
//! top, the speaker's face below) and a grid of three or four people. Each is a list
//! of fixed panels (a crop of the source and where it lands in the output), still like
//! a podcast edit: a panel frames its face's median position.

use crate::scene::Scene;
use crate::screen;
use crate::speaker::Speakers;
use crate::split::{median, Panel};

/// Faces sit a little above the middle of their panel, where the eye expects them.
const FACE_AT: f32 = 0.42;
/// A face panel is this many face heights tall (less when the source is too small).
const FACE_HEIGHTS: f32 = 3.0;
/// The picture-in-picture inset: this share of the output's width, this far from the
/// edges (in output widths).
const INSET: f32 = 0.34;
const MARGIN: f32 = 0.04;
/// Seen in at least this share of the clip to count as one of the people.
const MIN_VISIBLE: f32 = 0.5;

/// A person in view: the face track, how often seen, median centre and face height.
struct Person {
    track: usize,
    visible: usize,
    spoke: usize,
    centre: (f32, f32),
    face_height: f32,
}

/// The people seen in most of the clip, most visible first.
fn people(scene: &Scene, speakers: &Speakers) -> Vec<Person> {
    let n = scene.observations.len();
    let Some(tracks) = scene.observations.iter().flat_map(|o| o.faces.iter().map(|f| f.track)).max() else {
        return Vec::new();
    };
    let mut people: Vec<Person> = (0..=tracks)
        .filter_map(|track| {
            let faces: Vec<_> = scene
                .observations
                .iter()
                .filter_map(|o| o.faces.iter().find(|f| f.track == track))
                .map(|f| f.face)
                .collect();
            ((faces.len() as f32) >= MIN_VISIBLE * n as f32).then(|| Person {
                track,
                visible: faces.len(),
                spoke: speakers.active.iter().filter(|a| **a == Some(track)).count(),
                centre: (
                    median(faces.iter().map(|f| f.centre().0).collect()),
                    median(faces.iter().map(|f| f.centre().1).collect()),
                ),
                face_height: median(faces.iter().map(|f| f.y1 - f.y0).collect()),
            })
        })
        .collect();
    people.sort_by_key(|p| std::cmp::Reverse(p.visible));
    people
}

/// A crop of `aspect` (width/height) around a person, the face `FACE_AT` from the top.
fn face_panel(p: &Person, aspect: f32, source: (u32, u32), at: [f32; 4]) -> Panel {
    let (sw, sh) = (source.0 as f32, source.1 as f32);
    let mut h = (p.face_height * FACE_HEIGHTS).min(sh);
    let mut w = h * aspect;
    if w > sw {
        w = sw;
        h = w / aspect;
    }
    let even = |v: f32| ((v / 2.0).floor() as u32 * 2).max(2);
    let (cw, ch) = (even(w), even(h));
    Panel {
        track: p.track,
        crop: (cw, ch),
        corner: (
            (p.centre.0 - cw as f32 / 2.0).clamp(0.0, sw - cw as f32).round(),
            (p.centre.1 - FACE_AT * ch as f32).clamp(0.0, sh - ch as f32).round(),
        ),
        at: Some(at),
    }
}

/// The aspect (width/height, in output pixels) of a panel placed at `at` in an output
/// of aspect `output`.
fn aspect_of(at: [f32; 4], output: f64) -> f32 {
    at[2] * output as f32 / at[3]
}

/// The whole frame fitted in the output, the speaker inset in the top-right corner.
pub fn picture_in_picture(scene: &Scene, speakers: &Speakers, aspect: f64) -> Option<Vec<Panel>> {
    let people = people(scene, speakers);
    let speaker = people.iter().max_by_key(|p| (p.spoke, p.visible))?;
    let (sw, sh) = scene.source;
    let source_aspect = sw as f64 / sh as f64;
    let whole = if source_aspect > aspect {
        let h = (aspect / source_aspect) as f32;
        [0.0, (1.0 - h) / 2.0, 1.0, h]
    } else {
        let w = (source_aspect / aspect) as f32;
        [(1.0 - w) / 2.0, 0.0, w, 1.0]
    };
    let inset = [1.0 - MARGIN - INSET, MARGIN * aspect as f32, INSET, INSET * aspect as f32];
    Some(vec![
        Panel {
            track: speaker.track,
            crop: (sw, sh),
            corner: (0.0, 0.0),
            at: Some(whole),
        },
        face_panel(speaker, aspect_of(inset, aspect), scene.source, inset),
    ])
}

/// The screen on top (on the left in a landscape output), the speaker's face below it.
pub fn screen_first(scene: &Scene, speakers: &Speakers, aspect: f64) -> Option<Vec<Panel>> {
    let people = people(scene, speakers);
    let speaker = people.iter().max_by_key(|p| (p.spoke, p.visible))?;
    let (x, y, w, h) = screen::find(scene)?;
    let screen_aspect = w as f64 / h as f64;
    let (screen_at, face_at) = if aspect <= 1.0 {
        let t = (aspect / screen_aspect).clamp(0.3, 0.6) as f32;
        ([0.0, 0.0, 1.0, t], [0.0, t, 1.0, 1.0 - t])
    } else {
        let u = (screen_aspect / aspect).clamp(0.4, 0.7) as f32;
        ([0.0, 0.0, u, 1.0], [u, 0.0, 1.0 - u, 1.0])
    };
    // The screen's crop takes its panel's aspect, trimmed from the screen's long side.
    let want = aspect_of(screen_at, aspect);
    let (mut cw, mut ch) = (w as f32, h as f32);
    if cw / ch > want {
        cw = ch * want;
    } else {
        ch = cw / want;
    }
    let even = |v: f32| ((v / 2.0).floor() as u32 * 2).max(2);
    let screen = Panel {
        track: usize::MAX,
        crop: (even(cw), even(ch)),
        corner: (
            (x as f32 + (w as f32 - cw) / 2.0).round(),
            (y as f32 + (h as f32 - ch) / 2.0).round(),
        ),
        at: Some(screen_at),
    };
    Some(vec![screen, face_panel(speaker, aspect_of(face_at, aspect), scene.source, face_at)])
}

/// Three or four people, each in a cell: a 2×2 grid for four; for three, rows in a
/// portrait or square output and columns in a landscape one. Left to right, top down.
pub fn grid(scene: &Scene, speakers: &Speakers, aspect: f64) -> Option<Vec<Panel>> {
    let mut people = people(scene, speakers);
    people.truncate(4);
    if people.len() < 3 {
        return None;
    }
    let by_x = |a: &Person, b: &Person| a.centre.0.total_cmp(&b.centre.0);
    if people.len() == 4 {
        // The two highest on the top row, each row left to right.
        people.sort_by(|a, b| a.centre.1.total_cmp(&b.centre.1));
        let (top, bottom) = people.split_at_mut(2);
        top.sort_by(by_x);
        bottom.sort_by(by_x);
    } else {
        people.sort_by(by_x);
    }
    let cells: Vec<[f32; 4]> = match (people.len(), aspect <= 1.0) {
        (4, _) => vec![
            [0.0, 0.0, 0.5, 0.5],
            [0.5, 0.0, 0.5, 0.5],
            [0.0, 0.5, 0.5, 0.5],
            [0.5, 0.5, 0.5, 0.5],
        ],
        (_, true) => (0..3).map(|i| [0.0, i as f32 / 3.0, 1.0, 1.0 / 3.0]).collect(),
        (_, false) => (0..3).map(|i| [i as f32 / 3.0, 0.0, 1.0 / 3.0, 1.0]).collect(),
    };
    Some(
        people
            .iter()
            .zip(cells)
            .map(|(p, at)| face_panel(p, aspect_of(at, aspect), scene.source, at))
            .collect(),
    )
}

/// Whether `auto` should use the grid: three or more people in view most of the time.
pub fn shows_a_group(scene: &Scene, speakers: &Speakers) -> bool {
    people(scene, speakers).len() >= 3
}
