//! Topic boundaries by TextTiling over sentence embeddings: at each gap between two
//! sentences, compare the few sentences before with the few after; a deep valley in that
//! similarity is a change of subject. Clips that start and end on such a boundary tend
//! to stand alone.

use crate::embed::{centroid, cosine, Embedding};

/// Sentences on each side of a gap.
const BLOCK: usize = 3;

/// Boundary strength in [0, 1] for each sentence index `g` (the gap before sentence g);
/// index 0 and index n (the talk's start and end) are 1.
pub fn boundaries(embeddings: &[Embedding], weights: &[f32]) -> Vec<f32> {
    let n = embeddings.len();
    let mut strength = vec![0.0f32; n + 1];
    strength[0] = 1.0;
    strength[n] = 1.0;
    if n < 4 {
        return strength;
    }
    let block = |range: std::ops::Range<usize>| centroid(range.map(|i| (&embeddings[i], weights[i])));
    let similarity: Vec<f32> = (0..=n)
        .map(|g| {
            if g == 0 || g == n {
                return 1.0;
            }
            cosine(&block(g.saturating_sub(BLOCK)..g), &block(g..(g + BLOCK).min(n)))
        })
        .collect();
    // Depth: how far the similarity climbs on each side before it falls again.
    let mut depths = vec![0.0f32; n + 1];
    for g in 1..n {
        if similarity[g] > similarity[g - 1] || similarity[g] > similarity[g + 1] {
            continue; // not a valley
        }
        let peak_left = climb(&similarity, g, -1);
        let peak_right = climb(&similarity, g, 1);
        depths[g] = (peak_left - similarity[g]) + (peak_right - similarity[g]);
    }
    let valleys: Vec<f32> = depths.iter().copied().filter(|&d| d > 0.0).collect();
    if valleys.is_empty() {
        return strength;
    }
    let mean = valleys.iter().sum::<f32>() / valleys.len() as f32;
    let spread = (valleys.iter().map(|d| (d - mean).powi(2)).sum::<f32>() / valleys.len() as f32).sqrt();
    // Hearst's cut-off: a valley deeper than mean − σ/2 is a boundary. Its strength is
    // its depth against the deepest valley of the talk, so the clearest change of
    // subject is 1 whatever the talk's style.
    let cutoff = mean - spread / 2.0;
    let deepest = valleys.iter().copied().fold(0.0f32, f32::max);
    for g in 1..n {
        if depths[g] > 0.0 && depths[g] >= cutoff {
            strength[g] = (depths[g] / deepest).clamp(0.3, 1.0);
        }
    }
    strength
}

fn climb(values: &[f32], from: usize, step: isize) -> f32 {
    let mut i = from as isize;
    let mut best = values[from];
    while i + step >= 0 && ((i + step) as usize) < values.len() {
        let next = values[(i + step) as usize];
        if next < best {
            break;
        }
        best = next;
        i += step;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_change_of_subject() {
        let a = vec![1.0, 0.0, 0.0];
        let b = vec![0.0, 1.0, 0.0];
        let mut e: Vec<Embedding> = vec![
            a.clone(),
            a.clone(),
            a.clone(),
            a.clone(),
            b.clone(),
            b.clone(),
            b.clone(),
            b.clone(),
        ];
        e[1] = crate::embed::normalise(vec![1.0, 0.1, 0.0]);
        let strength = boundaries(&e, &vec![1.0; e.len()]);
        let best = (1..e.len()).max_by(|&x, &y| strength[x].total_cmp(&strength[y])).unwrap();
        assert_eq!(best, 4, "{strength:?}");
        assert!(strength[4] >= 0.9);
        assert_eq!(strength[2], 0.0);
    }
}
