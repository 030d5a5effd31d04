//! How often faces are looked for at full analysis size. Face detection is most of the
//! look stage's CPU (35 ms a frame at 640 px on one core). Talking-head faces are big,
//! so most frames are searched at half size (a quarter of the pixels, ~10 ms), and a
//! full-size search runs wherever the half-size one could be wrong:
//! - at a shot's first frame and at least once a second, so a face too small for the
//!   half-size search is found within a second of appearing;
//! - whenever the half-size search disagrees with the last full-size one in how many
//!   faces there are, or finds one too small to trust;
//! - while the last full-size search saw a face too small for half size.

use crate::faces::{Face, FaceDetector};
use crate::LookError;

/// Analysis-size faces at least this wide are found reliably at half size (24 px
/// there; CenterFace, with its stride-4 heat map, finds faces down to ~10 px).
pub const MIN_HALF_SIZE_FACE: f32 = 48.0;
/// Longest time between full-size searches.
pub const FULL_SIZE_EVERY_S: f64 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Every frame at full analysis size (the reference the adaptive cadence is
    /// measured against, in bench and tests).
    FullSize,
    /// Half size where it is safe, as described above.
    Adaptive,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SearchCounts {
    pub full_size: usize,
    pub half_size: usize,
}

pub struct FaceSearch<'a> {
    detector: &'a mut FaceDetector,
    cadence: Cadence,
    /// Time and face count of the last full-size search, and whether its faces were
    /// all big enough for half size.
    last_full: Option<(f64, usize, bool)>,
    half: Vec<u8>,
    pub counts: SearchCounts,
}

impl<'a> FaceSearch<'a> {
    pub fn new(detector: &'a mut FaceDetector, cadence: Cadence) -> Self {
        FaceSearch {
            detector,
            cadence,
            last_full: None,
            half: Vec::new(),
            counts: SearchCounts::default(),
        }
    }

    /// Faces in the `w`×`h` RGB frame at `t` seconds, in frame pixels.
    pub fn faces(&mut self, t: f64, cut: bool, rgb: &[u8], w: usize, h: usize) -> Result<Vec<Face>, LookError> {
        if let (Cadence::Adaptive, Some((last_t, count, all_big)), false) = (self.cadence, self.last_full, cut) {
            // A whisker under a second, so 5-fps timestamps that land on it count as due.
            let due = t - last_t >= FULL_SIZE_EVERY_S - 1e-3;
            if !due && all_big && w >= 4 && h >= 4 {
                self.counts.half_size += 1;
                let faces = self.half_size(rgb, w, h)?;
                if faces.len() == count && faces.iter().all(|f| f.width() >= MIN_HALF_SIZE_FACE) {
                    return Ok(faces);
                }
            }
        }
        self.counts.full_size += 1;
        let faces = self.detector.detect(rgb, w, h)?;
        let all_big = faces.iter().all(|f| f.width() >= MIN_HALF_SIZE_FACE);
        self.last_full = Some((t, faces.len(), all_big));
        Ok(faces)
    }

    fn half_size(&mut self, rgb: &[u8], w: usize, h: usize) -> Result<Vec<Face>, LookError> {
        let (hw, hh) = (w / 2, h / 2);
        halve(rgb, w, hw, hh, &mut self.half);
        let faces = self.detector.detect(&self.half, hw, hh)?;
        Ok(faces.iter().map(|f| f.scaled(2.0)).collect())
    }
}

/// 2×2 box average of an RGB24 picture `w` pixels wide into `hw`×`hh`.
fn halve(rgb: &[u8], w: usize, hw: usize, hh: usize, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(hw * hh * 3);
    for y in 0..hh {
        let (top, bottom) = (&rgb[2 * y * w * 3..], &rgb[(2 * y + 1) * w * 3..]);
        for x in 0..hw {
            for c in 0..3 {
                let i = 6 * x + c;
                let sum = top[i] as u16 + top[i + 3] as u16 + bottom[i] as u16 + bottom[i + 3] as u16;
                out.push(((sum + 2) / 4) as u8);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::halve;

    #[test]
    fn halving_averages_each_two_by_two_block() {
        // 4×2 picture: left block all 10/20/30, right block 0 and 255 alternating.
        let mut rgb = Vec::new();
        for _ in 0..2 {
            rgb.extend([10, 20, 30, 10, 20, 30, 0, 0, 0, 255, 255, 255]);
        }
        let mut out = Vec::new();
        halve(&rgb, 4, 2, 1, &mut out);
        assert_eq!(out, vec![10, 20, 30, 128, 128, 128]);
    }
}
