//! One pass over a clip's frames: shot cuts, faces, face tracks across frames, and how
//! much each face's mouth moves — the raw material for the active speaker and the
//! camera path.

use serde::{Deserialize, Serialize};

use crate::cadence::{Cadence, FaceSearch};
use crate::faces::{Face, FaceDetector};
use crate::frames::{self, FrameRequest};
use crate::LookError;

/// Mean absolute difference (0–255) between two 32×18 grey thumbnails above which a new
/// shot starts.
const CUT_DIFFERENCE: f32 = 38.0;
/// A face matches a track when it overlaps the track's last box this much…
const TRACK_IOU: f32 = 0.2;
/// …and the track was seen this recently (seconds).
const TRACK_MEMORY_S: f64 = 1.5;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrackedFace {
    pub track: usize,
    /// In source (display) pixels.
    pub face: Face,
    /// Mouth-region change since the previous frame, minus the whole face's change (so
    /// a head turning is not a mouth talking).
    pub mouth_motion: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Observation {
    /// Seconds from the clip's start.
    pub t: f64,
    pub faces: Vec<TrackedFace>,
    /// The first frame of a new shot.
    pub cut: bool,
    /// Variance of the Laplacian: how sharp the frame is (for the thumbnail).
    pub sharpness: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scene {
    pub fps: f64,
    /// Display size of the source.
    pub source: (u32, u32),
    pub observations: Vec<Observation>,
    /// Stillness and detail per grid cell over the clip (where a screen is).
    #[serde(default)]
    pub blocks: Option<crate::screen::Blocks>,
}

struct Grey {
    w: usize,
    h: usize,
    pixels: Vec<u8>,
}

impl Grey {
    fn of(rgb: &[u8], w: usize, h: usize) -> Self {
        let pixels = rgb
            .chunks_exact(3)
            .map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8)
            .collect();
        Grey { w, h, pixels }
    }

    fn thumbnail(&self) -> Vec<f32> {
        let (tw, th) = (32, 18);
        let mut out = vec![0.0f32; tw * th];
        for (ty, row) in out.chunks_mut(tw).enumerate() {
            for (tx, v) in row.iter_mut().enumerate() {
                let (x0, x1) = (tx * self.w / tw, ((tx + 1) * self.w / tw).max(tx * self.w / tw + 1));
                let (y0, y1) = (ty * self.h / th, ((ty + 1) * self.h / th).max(ty * self.h / th + 1));
                let mut sum = 0u32;
                for y in y0..y1.min(self.h) {
                    sum += self.pixels[y * self.w + x0..y * self.w + x1.min(self.w)]
                        .iter()
                        .map(|&p| p as u32)
                        .sum::<u32>();
                }
                *v = sum as f32 / ((x1 - x0) * (y1 - y0)).max(1) as f32;
            }
        }
        out
    }

    /// Mean absolute difference to `other` inside a box (analysis pixels).
    fn difference(&self, other: &Grey, x0: f32, y0: f32, x1: f32, y1: f32) -> f32 {
        let clamp_x = |v: f32| (v.max(0.0) as usize).min(self.w);
        let clamp_y = |v: f32| (v.max(0.0) as usize).min(self.h);
        let (x0, x1, y0, y1) = (clamp_x(x0), clamp_x(x1), clamp_y(y0), clamp_y(y1));
        if x1 <= x0 || y1 <= y0 {
            return 0.0;
        }
        let mut sum = 0u64;
        for y in y0..y1 {
            let row = y * self.w;
            for x in x0..x1 {
                sum += self.pixels[row + x].abs_diff(other.pixels[row + x]) as u64;
            }
        }
        sum as f32 / ((x1 - x0) * (y1 - y0)) as f32
    }

    fn sharpness(&self) -> f32 {
        let (w, h) = (self.w, self.h);
        let mut values = Vec::with_capacity(w * h / 4);
        for y in (1..h.saturating_sub(1)).step_by(2) {
            for x in (1..w.saturating_sub(1)).step_by(2) {
                let p = |xx: usize, yy: usize| self.pixels[yy * w + xx] as f32;
                values.push(4.0 * p(x, y) - p(x - 1, y) - p(x + 1, y) - p(x, y - 1) - p(x, y + 1));
            }
        }
        let n = values.len().max(1) as f32;
        let mean = values.iter().sum::<f32>() / n;
        values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n
    }
}

struct Track {
    last: Face,
    last_seen: f64,
}

/// Samples the clip window and builds its [`Scene`].
pub async fn analyse(
    processes: &reelcut_media::Processes,
    detector: &mut FaceDetector,
    cadence: Cadence,
    request: FrameRequest<'_>,
) -> Result<Scene, LookError> {
    let mut search = FaceSearch::new(detector, cadence);
    let (aw, _) = frames::analysis_size(request.source);
    let to_source = request.source.0 as f32 / aw as f32;
    let fps = request.fps;
    let source = request.source;
    let mut observations: Vec<Observation> = Vec::new();
    let mut previous: Option<(Grey, Vec<f32>)> = None;
    let mut tracks: Vec<Track> = Vec::new();
    let (w, h) = frames::analysis_size(source);
    let mut blocks = crate::screen::Blocks::default();
    frames::sample(processes, request, |t, rgb| {
        let grey = Grey::of(rgb, w, h);
        let before = previous.as_ref().map(|(p, _)| p.pixels.as_slice());
        blocks.add(&grey.pixels, before, w, h);
        let thumb = grey.thumbnail();
        let cut = previous
            .as_ref()
            .is_some_and(|(_, prev)| thumb.iter().zip(prev).map(|(a, b)| (a - b).abs()).sum::<f32>() / thumb.len() as f32 > CUT_DIFFERENCE);
        if cut {
            tracks.clear();
        }
        let faces = search.faces(t, cut, rgb, w, h)?;
        let mut tracked = Vec::new();
        for face in faces {
            let mouth_motion = match &previous {
                Some((prev, _)) if !cut => mouth_motion(&grey, prev, &face),
                _ => 0.0,
            };
            let matched = (0..tracks.len())
                .filter(|&i| t - tracks[i].last_seen <= TRACK_MEMORY_S && !tracked.iter().any(|f: &TrackedFace| f.track == i))
                .map(|i| (i, tracks[i].last.iou(&face)))
                .filter(|&(_, iou)| iou >= TRACK_IOU)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(i, _)| i);
            let track = match matched {
                Some(i) => i,
                None => {
                    tracks.push(Track { last: face, last_seen: t });
                    tracks.len() - 1
                }
            };
            tracks[track] = Track { last: face, last_seen: t };
            tracked.push(TrackedFace {
                track,
                face: face.scaled(to_source),
                mouth_motion,
            });
        }
        observations.push(Observation {
            t,
            faces: tracked,
            cut,
            sharpness: grey.sharpness(),
        });
        previous = Some((grey, thumb));
        Ok(())
    })
    .await?;
    tracing::debug!(
        full_size = search.counts.full_size,
        half_size = search.counts.half_size,
        "face searches"
    );
    Ok(Scene {
        fps,
        source,
        observations,
        blocks: Some(blocks),
    })
}

fn mouth_motion(grey: &Grey, previous: &Grey, face: &Face) -> f32 {
    let (lx, ly) = face.landmarks[3];
    let (rx, ry) = face.landmarks[4];
    let fw = face.width();
    let fh = face.y1 - face.y0;
    let mouth_y = (ly + ry) / 2.0;
    let mouth = grey.difference(previous, lx - 0.15 * fw, mouth_y - 0.12 * fh, rx + 0.15 * fw, mouth_y + 0.18 * fh);
    let whole = grey.difference(previous, face.x0, face.y0, face.x1, face.y1);
    (mouth - whole).max(0.0)
}
