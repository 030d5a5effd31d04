//! The virtual camera: a crop window of the output's aspect that follows the active
//! speaker. It holds still while the face stays inside a dead zone, pans with a capped,
//! eased speed when it leaves, and cuts hard only at a shot cut or a speaker switch.
//! The result is data (`CropTrack`): it goes into the manifest and can be overridden.

use serde::{Deserialize, Serialize};

pub use crate::crop::{crop_size, Axis};
use crate::scene::Scene;
use crate::speaker::Speakers;
use crate::split::{self, Panel, SplitRule};

/// The face may wander this share of the crop width from the centre before the camera moves.
const DEAD_ZONE: f32 = 0.12;
/// Fastest pan, in crop widths per second (at 30 fps: 1.7 % of the width per frame).
const MAX_SPEED: f32 = 0.5;
/// Share of the remaining distance covered per second when panning (easing).
const EASE_PER_S: f32 = 2.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The crop follows a face.
    Fill,
    /// A fixed centre crop (an override for clips where the centre is what matters).
    Centre,
    /// No face anywhere in the clip (slides, a screen recording, a wide shot): the whole
    /// frame, fitted, over a blurred copy of itself filling the output. Nothing is cut.
    Fit,
    /// Two people far apart talking back and forth: a fixed panel for each, stacked
    /// (see `panels`).
    Split,
    /// The whole frame fitted, the speaker inset in a corner (`panels`, placed).
    PictureInPicture,
    /// A slide or screen share on top, the speaker's face below (`panels`, placed).
    ScreenFirst,
    /// Three or four people, one cell each (`panels`, placed).
    Grid,
}

impl Layout {
    /// The name `clips.json` uses.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Fill => "fill",
            Layout::Centre => "centre",
            Layout::Fit => "fit",
            Layout::Split => "split",
            Layout::PictureInPicture => "pip",
            Layout::ScreenFirst => "screen_first",
            Layout::Grid => "grid",
        }
    }
}

/// The layout asked for: `Auto` decides from what the clip shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutChoice {
    /// Split for a two-person back-and-forth, fit when there is no face, fill otherwise.
    #[default]
    Auto,
    /// Always follow the speaker (a centre crop when there is no face).
    Fill,
    /// Split whenever two people are far apart, whatever their turns (fill otherwise).
    Split,
    /// Always the whole frame over a blurred fill.
    Fit,
    /// The whole frame with the speaker inset (fill when no face is seen).
    Pip,
    /// The screen on top, the speaker below (fill when no screen is found).
    ScreenFirst,
    /// A cell per person for three or four people (fill when fewer are seen).
    Grid,
}

impl LayoutChoice {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_lowercase().as_str() {
            "auto" => Ok(LayoutChoice::Auto),
            "fill" => Ok(LayoutChoice::Fill),
            "split" => Ok(LayoutChoice::Split),
            "fit" => Ok(LayoutChoice::Fit),
            "pip" | "picture-in-picture" => Ok(LayoutChoice::Pip),
            "screen-first" | "screen_first" => Ok(LayoutChoice::ScreenFirst),
            "grid" => Ok(LayoutChoice::Grid),
            other => Err(format!(
                "unknown layout `{other}` (expected auto, fill, split, fit, pip, screen-first or grid)"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CropTrack {
    pub source: (u32, u32),
    /// Crop size in source pixels (even numbers).
    pub crop: (u32, u32),
    pub axis: Axis,
    pub layout: Layout,
    /// Keyframes per second of `positions`.
    pub fps: f64,
    /// Left (axis X) or top (axis Y) edge of the crop at each keyframe.
    pub positions: Vec<f32>,
    /// Keyframe indices where the camera cuts instead of gliding from the previous one.
    pub hard_cuts: Vec<usize>,
    /// The split layout's panels (top: the person on the left, then bottom), or the
    /// placed panels of picture-in-picture, screen-first and grid, drawn in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub panels: Vec<Panel>,
}

impl CropTrack {
    /// Refuses a track a renderer could not follow whatever the source (one read from a
    /// user-edited `clips.json`, checked before any work starts): what is indexed by
    /// keyframe or panel must be there. [`CropTrack::check`] adds the source's size.
    pub fn check_shape(&self) -> Result<(), String> {
        let (sw, sh) = self.source;
        if sw == 0 || sh == 0 || self.crop.0 == 0 || self.crop.1 == 0 || self.crop.0 > sw || self.crop.1 > sh {
            return Err(format!("the crop {:?} does not fit the source {:?}", self.crop, self.source));
        }
        if !(self.fps.is_finite() && self.fps > 0.0) {
            return Err(format!("`fps` must be above 0 (got {})", self.fps));
        }
        if self.positions.is_empty() && self.layout != Layout::Fit {
            return Err("`positions` is empty: a moving or fixed crop needs at least one keyframe".into());
        }
        if let Some(bad) = self.positions.iter().find(|p| !p.is_finite()) {
            return Err(format!("`positions` holds {bad}, not a pixel position"));
        }
        if let Some(bad) = self.hard_cuts.iter().find(|&&i| i >= self.positions.len()) {
            return Err(format!("`hard_cuts` names keyframe {bad}; there are {}", self.positions.len()));
        }
        if self.layout == Layout::Split && self.panels.len() != 2 {
            return Err(format!("a split layout needs two `panels` (got {})", self.panels.len()));
        }
        let placed = matches!(self.layout, Layout::PictureInPicture | Layout::ScreenFirst | Layout::Grid);
        let misplaced = |p: &Panel| p.at.is_none_or(|a| a.iter().any(|v| !(0.0..=1.0).contains(v)));
        if placed && (self.panels.len() < 2 || self.panels.iter().any(misplaced)) {
            return Err(format!(
                "a {} layout needs two or more `panels`, each with `at` (x, y, width, height) within 0…1",
                self.layout.name()
            ));
        }
        if let Some(panel) = self
            .panels
            .iter()
            .find(|p| p.crop.0 == 0 || p.crop.1 == 0 || p.crop.0 > sw || p.crop.1 > sh)
        {
            return Err(format!("a panel's crop {:?} does not fit the source {:?}", panel.crop, self.source));
        }
        Ok(())
    }

    /// The crop for `aspect` (width / height) with the camera parked in the centre.
    pub fn centred(source: (u32, u32), aspect: f64, fps: f64, keyframes: usize) -> Self {
        let (crop, axis) = crop_size(source, aspect);
        let span = match axis {
            Axis::X => (source.0 - crop.0) as f32,
            Axis::Y => (source.1 - crop.1) as f32,
        };
        CropTrack {
            source,
            crop,
            axis,
            layout: Layout::Centre,
            fps,
            positions: vec![span / 2.0; keyframes.max(1)],
            hard_cuts: Vec::new(),
            panels: Vec::new(),
        }
    }

    fn span(&self) -> f32 {
        match self.axis {
            Axis::X => (self.source.0 - self.crop.0) as f32,
            Axis::Y => (self.source.1 - self.crop.1) as f32,
        }
    }

    fn length(&self) -> f32 {
        match self.axis {
            Axis::X => self.crop.0 as f32,
            Axis::Y => self.crop.1 as f32,
        }
    }

    /// The track from `seconds` into its clip on, for a clip trimmed at its start: the
    /// keyframes before are dropped, so the camera at the new start is where it was at
    /// that moment of the original clip (panels do not move with time).
    pub fn starting_at(&self, seconds: f64) -> CropTrack {
        let skip = ((seconds * self.fps).round().max(0.0) as usize).min(self.positions.len().saturating_sub(1));
        CropTrack {
            positions: self.positions[skip..].to_vec(),
            hard_cuts: self.hard_cuts.iter().filter(|&&k| k > skip).map(|&k| k - skip).collect(),
            ..self.clone()
        }
    }

    /// Crop edge at `t` seconds: linear between keyframes, stepping at hard cuts.
    pub fn position_at(&self, t: f64) -> f32 {
        let k = (t * self.fps).max(0.0);
        let i = (k.floor() as usize).min(self.positions.len() - 1);
        let j = (i + 1).min(self.positions.len() - 1);
        if i == j || self.hard_cuts.contains(&j) {
            return self.positions[i];
        }
        let f = (k - i as f64) as f32;
        self.positions[i] * (1.0 - f) + self.positions[j] * f
    }

    /// Whether the track can frame a source of `source` display size: an edited track
    /// must still crop inside the picture. The message names what is wrong.
    pub fn check(&self, source: (u32, u32)) -> Result<(), String> {
        self.check_shape()?;
        if self.source != source {
            return Err(format!(
                "made for a {}×{} source, this one is {}×{}",
                self.source.0, self.source.1, source.0, source.1
            ));
        }
        let inside = |(w, h): (u32, u32), (x, y): (f32, f32)| {
            w >= 2 && h >= 2 && x >= 0.0 && y >= 0.0 && x + w as f32 <= source.0 as f32 && y + h as f32 <= source.1 as f32
        };
        match self.layout {
            Layout::Fit => Ok(()),
            Layout::Split if self.panels.len() != 2 => Err("the split layout needs exactly two panels".into()),
            Layout::Split | Layout::PictureInPicture | Layout::ScreenFirst | Layout::Grid => {
                match self.panels.iter().find(|p| !inside(p.crop, p.corner)) {
                    Some(p) => Err(format!("panel {}×{} at {:?} is outside the picture", p.crop.0, p.crop.1, p.corner)),
                    None => Ok(()),
                }
            }
            // `check_shape` has made sure there are keyframes and a positive rate.
            Layout::Fill | Layout::Centre => {
                match self
                    .positions
                    .iter()
                    .find(|&&p| !inside(self.crop, if self.axis == Axis::X { (p, 0.0) } else { (0.0, p) }))
                {
                    Some(p) => Err(format!(
                        "a {}×{} crop at position {p} is outside the picture",
                        self.crop.0, self.crop.1
                    )),
                    None => Ok(()),
                }
            }
        }
    }

    /// (x, y) of the crop's top-left corner at `t`.
    pub fn corner_at(&self, t: f64) -> (f32, f32) {
        let p = self.position_at(t).round();
        match self.axis {
            Axis::X => (p, 0.0),
            Axis::Y => (0.0, p),
        }
    }
}

/// The camera for a clip: the layout `choice` asks for, and in the fill layout a path
/// that follows the active speaker's face in `scene`.
pub fn plan(scene: &Scene, speakers: &Speakers, aspect: f64, choice: LayoutChoice) -> CropTrack {
    let active = &speakers.active;
    let n = scene.observations.len();
    let mut track = CropTrack::centred(scene.source, aspect, scene.fps, n);
    let faceless = n == 0 || active.iter().all(Option::is_none);
    if choice == LayoutChoice::Fit || (faceless && choice != LayoutChoice::Fill) {
        track.layout = Layout::Fit;
        return track;
    }
    if faceless {
        return track;
    }
    if let Some((layout, panels)) = arranged(scene, speakers, aspect, choice) {
        track.layout = layout;
        track.panels = panels;
        return track;
    }
    // Stacked panels only make sense in an output at least as tall as it is wide.
    let rule = match choice {
        LayoutChoice::Auto => Some(SplitRule::Auto),
        LayoutChoice::Split => Some(SplitRule::Forced),
        _ => None,
    };
    if let Some(panels) = rule
        .filter(|_| aspect <= 1.0)
        .and_then(|rule| split::plan(scene, speakers, aspect, rule))
    {
        track.layout = Layout::Split;
        track.panels = panels.to_vec();
        return track;
    }
    track.layout = Layout::Fill;
    let (span, length) = (track.span(), track.length());
    // Where the face centre wants the crop edge to be, per keyframe.
    let wanted: Vec<Option<f32>> = scene
        .observations
        .iter()
        .zip(active)
        .map(|(obs, a)| {
            let face = obs.faces.iter().find(|f| Some(f.track) == *a)?;
            let (cx, cy) = face.face.centre();
            let centre = match track.axis {
                Axis::X => cx,
                // Faces sit in the upper third of a well-framed shot.
                Axis::Y => cy + 0.15 * length,
            };
            Some((centre - length / 2.0).clamp(0.0, span))
        })
        .collect();
    // Segments between shot cuts and speaker switches are planned separately.
    let mut starts = vec![0];
    for i in 1..n {
        let switched = active[i].is_some() && active[i - 1].is_some() && active[i] != active[i - 1];
        if scene.observations[i].cut || switched {
            starts.push(i);
        }
    }
    starts.push(n);
    let dt = 1.0 / scene.fps as f32;
    let max_step = MAX_SPEED * length * dt;
    let ease = (EASE_PER_S * dt).min(1.0);
    let dead_zone = DEAD_ZONE * length;
    for pair in starts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let filled = fill_gaps(&wanted[a..b]).unwrap_or_else(|| vec![track.positions[a]; b - a]);
        let mut camera = filled[0];
        let mut path = Vec::with_capacity(b - a);
        for &target in &filled {
            let off = target - camera;
            if off.abs() > dead_zone {
                let goal = target - dead_zone * off.signum() * 0.5;
                camera += ((goal - camera) * ease).clamp(-max_step, max_step);
            }
            path.push(camera.clamp(0.0, span));
        }
        track.positions[a..b].copy_from_slice(&smooth(&path, max_step));
        if a > 0 {
            track.hard_cuts.push(a);
        }
    }
    track
}

/// The placed-panel layouts: the one asked for when the clip allows it; under `auto`, the
/// grid for three or more people. (`auto` does not choose screen-first: a still photo's
/// own background can pass for a screen, so it is asked for, like picture-in-picture.)
fn arranged(scene: &Scene, speakers: &Speakers, aspect: f64, choice: LayoutChoice) -> Option<(Layout, Vec<Panel>)> {
    use crate::arrange;
    match choice {
        LayoutChoice::Pip => arrange::picture_in_picture(scene, speakers, aspect).map(|p| (Layout::PictureInPicture, p)),
        LayoutChoice::ScreenFirst => arrange::screen_first(scene, speakers, aspect).map(|p| (Layout::ScreenFirst, p)),
        LayoutChoice::Grid => arrange::grid(scene, speakers, aspect).map(|p| (Layout::Grid, p)),
        LayoutChoice::Auto if arrange::shows_a_group(scene, speakers) => arrange::grid(scene, speakers, aspect).map(|p| (Layout::Grid, p)),
        _ => None,
    }
}

/// Gaps (no face) take the nearest known value; `None` if the segment has no face.
fn fill_gaps(values: &[Option<f32>]) -> Option<Vec<f32>> {
    let first = values.iter().flatten().next().copied()?;
    let mut last = first;
    let mut out: Vec<f32> = values
        .iter()
        .map(|v| {
            if let Some(v) = v {
                last = *v;
            }
            last
        })
        .collect();
    // Leading gaps take the first seen value (already `first` by construction).
    for (o, v) in out.iter_mut().zip(values) {
        if v.is_some() {
            break;
        }
        *o = first;
    }
    Some(out)
}

/// A centred 3-tap average (eases starts and stops), then the speed cap again.
fn smooth(path: &[f32], max_step: f32) -> Vec<f32> {
    let n = path.len();
    let mut out: Vec<f32> = (0..n)
        .map(|i| {
            let lo = i.saturating_sub(1);
            let hi = (i + 1).min(n - 1);
            (path[lo] + path[i] + path[hi]) / 3.0
        })
        .collect();
    for i in 1..n {
        out[i] = out[i].clamp(out[i - 1] - max_step, out[i - 1] + max_step);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_sizes_for_each_aspect() {
        assert_eq!(crop_size((1920, 1080), 9.0 / 16.0), ((606, 1080), Axis::X));
        assert_eq!(crop_size((1920, 1080), 1.0), ((1080, 1080), Axis::X));
        assert_eq!(crop_size((1920, 1080), 16.0 / 9.0), ((1920, 1080), Axis::X));
        assert_eq!(crop_size((1080, 1920), 16.0 / 9.0), ((1080, 606), Axis::Y));
    }

    #[test]
    fn interpolates_and_steps_at_cuts() {
        let mut t = CropTrack::centred((1920, 1080), 9.0 / 16.0, 5.0, 4);
        t.positions = vec![0.0, 100.0, 200.0, 900.0];
        t.hard_cuts = vec![3];
        assert_eq!(t.position_at(0.1), 50.0);
        assert_eq!(t.position_at(0.5), 200.0, "holds until the cut");
        assert_eq!(t.position_at(0.6), 900.0);
    }

    #[test]
    fn a_trimmed_track_starts_where_the_camera_was() {
        let mut t = CropTrack::centred((1920, 1080), 9.0 / 16.0, 5.0, 4);
        t.positions = vec![0.0, 100.0, 200.0, 900.0];
        t.hard_cuts = vec![1, 3];
        let trimmed = t.starting_at(0.4);
        assert_eq!(trimmed.positions, vec![200.0, 900.0]);
        assert_eq!(trimmed.hard_cuts, vec![1]);
        assert_eq!(trimmed.position_at(0.0), t.position_at(0.4));
        assert_eq!(t.starting_at(99.0).positions, vec![900.0], "never empty");
    }
}
