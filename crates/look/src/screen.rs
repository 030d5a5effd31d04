//! Where a slide or screen share is in the picture: a large area that holds still
//! (almost no change between samples) yet has detail (text, lines), and where no face
//! ever is. Measured on a coarse grid while the look stage samples the clip, so finding
//! it later costs nothing and needs no pixels.

use serde::{Deserialize, Serialize};

use crate::scene::Scene;

pub const COLS: usize = 32;
pub const ROWS: usize = 18;
/// A cell whose mean change between samples is below this (grey levels) holds still.
const STILL: f32 = 2.0;
/// A cell with at least this much mean gradient (grey levels per pixel) has detail.
const DETAIL: f32 = 4.0;
/// Cells this close to a detailed one count as part of the same screen.
const GROW: usize = 2;
/// A plain cell is part of the screen when its grey level is this close to the screen's.
const SAME_LEVEL: f32 = 30.0;
/// The screen must cover at least this share of the picture.
const MIN_AREA: f32 = 0.2;

/// Per grid cell, over the clip: mean change between samples and mean detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Blocks {
    pub motion: Vec<f32>,
    pub detail: Vec<f32>,
    /// Mean grey level (summed over samples, like the others).
    #[serde(default)]
    pub level: Vec<f32>,
    pub samples: usize,
}

impl Blocks {
    /// Adds one sampled frame (`grey`, `w`×`h`); `previous` is the sample before it.
    pub fn add(&mut self, grey: &[u8], previous: Option<&[u8]>, w: usize, h: usize) {
        if self.motion.is_empty() {
            self.motion = vec![0.0; COLS * ROWS];
            self.detail = vec![0.0; COLS * ROWS];
            self.level = vec![0.0; COLS * ROWS];
        }
        let mut motion = vec![(0u64, 0u64); COLS * ROWS];
        let mut detail = vec![0u64; COLS * ROWS];
        let mut level = vec![0u64; COLS * ROWS];
        for y in 0..h.saturating_sub(1) {
            let row = (y * ROWS / h).min(ROWS - 1) * COLS;
            for x in 0..w.saturating_sub(1) {
                let cell = row + (x * COLS / w).min(COLS - 1);
                let i = y * w + x;
                // Edges either way: text, and a slide's border whichever side it is.
                detail[cell] += grey[i].abs_diff(grey[i + 1]) as u64 + grey[i].abs_diff(grey[i + w]) as u64;
                level[cell] += grey[i] as u64;
                if let Some(p) = previous {
                    motion[cell].0 += grey[i].abs_diff(p[i]) as u64;
                }
                motion[cell].1 += 1;
            }
        }
        for c in 0..COLS * ROWS {
            let n = motion[c].1.max(1) as f32;
            if previous.is_some() {
                self.motion[c] += motion[c].0 as f32 / n;
            }
            self.detail[c] += detail[c] as f32 / n;
            self.level[c] += level[c] as f32 / n;
        }
        self.samples += 1;
    }

    fn mean_motion(&self, c: usize) -> f32 {
        self.motion[c] / (self.samples.saturating_sub(1)).max(1) as f32
    }

    fn mean_detail(&self, c: usize) -> f32 {
        self.detail[c] / self.samples.max(1) as f32
    }

    fn mean_level(&self, c: usize) -> f32 {
        self.level.get(c).map_or(0.0, |l| l / self.samples.max(1) as f32)
    }
}

/// The screen's rectangle in source pixels (x, y, w, h), when the clip shows one.
pub fn find(scene: &Scene) -> Option<(u32, u32, u32, u32)> {
    let blocks = scene.blocks.as_ref().filter(|b| b.samples >= 3)?;
    let (sw, sh) = (scene.source.0 as f32, scene.source.1 as f32);
    let (cw, ch) = (sw / COLS as f32, sh / ROWS as f32);
    // Still cells with detail, grown by `GROW` cells so the plain space between a
    // slide's lines of text counts as slide, then only where the picture holds still.
    let detailed: Vec<bool> = (0..COLS * ROWS).map(|c| blocks.mean_detail(c) > DETAIL).collect();
    let mut screenish = vec![false; COLS * ROWS];
    for (c, s) in screenish.iter_mut().enumerate() {
        let (x, y) = (c % COLS, c / COLS);
        let near_detail = (y.saturating_sub(GROW)..(y + GROW + 1).min(ROWS))
            .any(|yy| (x.saturating_sub(GROW)..(x + GROW + 1).min(COLS)).any(|xx| detailed[yy * COLS + xx]));
        *s = near_detail && blocks.mean_motion(c) < STILL;
    }
    // No cell a face ever touched (with a margin of half a face) is screen.
    let mut faceless = vec![true; COLS * ROWS];
    for face in scene.observations.iter().flat_map(|o| &o.faces) {
        // A person is more than a face: a face-width either side, from half a face above
        // down to the bottom of the picture (shoulders, a still photo's background).
        let f = face.face;
        let fw = f.x1 - f.x0;
        let (x0, x1) = (((f.x0 - fw) / cw).floor().max(0.0) as usize, ((f.x1 + fw) / cw).ceil() as usize);
        let y0 = ((f.y0 - 0.5 * fw) / ch).floor().max(0.0) as usize;
        for y in y0..ROWS {
            for x in x0..x1.min(COLS) {
                screenish[y * COLS + x] = false;
                faceless[y * COLS + x] = false;
            }
        }
    }
    let (x, y, w, h) = grow_over_plain_screen(blocks, &faceless, largest_rectangle(&screenish)?);
    if ((w * h) as f32) < MIN_AREA * (COLS * ROWS) as f32 {
        return None;
    }
    let even = |v: f32| (v / 2.0).round() as u32 * 2;
    Some((even(x as f32 * cw), even(y as f32 * ch), even(w as f32 * cw), even(h as f32 * ch)))
}

/// Grows the rectangle over neighbouring rows and columns that are plain parts of the
/// same screen — still, never a face, as bright as the screen itself (the blank lower
/// half of a slide has no detail, but it is the slide).
fn grow_over_plain_screen(
    blocks: &Blocks,
    faceless: &[bool],
    (mut x, mut y, mut w, mut h): (usize, usize, usize, usize),
) -> (usize, usize, usize, usize) {
    let mut levels: Vec<f32> = (y..y + h)
        .flat_map(|r| (x..x + w).map(move |c| r * COLS + c))
        .map(|c| blocks.mean_level(c))
        .collect();
    levels.sort_by(f32::total_cmp);
    let reference = levels[levels.len() / 2];
    let plain = |c: usize| faceless[c] && blocks.mean_motion(c) < STILL && (blocks.mean_level(c) - reference).abs() < SAME_LEVEL;
    loop {
        let row_ok = |r: usize| (x..x + w).all(|c| plain(r * COLS + c));
        let col_ok = |c: usize| (y..y + h).all(|r| plain(r * COLS + c));
        if y + h < ROWS && row_ok(y + h) {
            h += 1;
        } else if y > 0 && row_ok(y - 1) {
            y -= 1;
            h += 1;
        } else if x + w < COLS && col_ok(x + w) {
            w += 1;
        } else if x > 0 && col_ok(x - 1) {
            x -= 1;
            w += 1;
        } else {
            return (x, y, w, h);
        }
    }
}

/// The largest all-true rectangle of the grid (cells: x, y, w, h), by the histogram
/// method: for each row, the column heights of trues ending there, and the largest
/// rectangle under that histogram.
fn largest_rectangle(cells: &[bool]) -> Option<(usize, usize, usize, usize)> {
    let mut heights = vec![0usize; COLS];
    let mut best: Option<(usize, (usize, usize, usize, usize))> = None;
    for y in 0..ROWS {
        for (x, height) in heights.iter_mut().enumerate() {
            *height = if cells[y * COLS + x] { *height + 1 } else { 0 };
        }
        for x0 in 0..COLS {
            let mut h = usize::MAX;
            for (x1, &height) in heights.iter().enumerate().skip(x0) {
                h = h.min(height);
                if h == 0 {
                    break;
                }
                let area = h * (x1 - x0 + 1);
                if best.is_none_or(|(a, _)| area > a) {
                    best = Some((area, (x0, y + 1 - h, x1 - x0 + 1, h)));
                }
            }
        }
    }
    best.map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_block_of_screen_cells_is_found() {
        let mut cells = vec![false; COLS * ROWS];
        for y in 2..14 {
            for x in 1..20 {
                cells[y * COLS + x] = true;
            }
        }
        cells[5 * COLS + 25] = true;
        assert_eq!(largest_rectangle(&cells), Some((1, 2, 19, 12)));
        assert_eq!(largest_rectangle(&[false; COLS * ROWS]), None);
    }
}
