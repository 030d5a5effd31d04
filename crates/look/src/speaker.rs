//! Who is speaking: among the faces in view, the one whose mouth moves most while
//! speech is heard, with stickiness so the choice does not flap between two faces.

use crate::scene::Scene;

/// Seconds the motion average looks back.
const MEMORY_S: f64 = 0.8;
/// A challenger must move this much more than the current speaker…
const SWITCH_RATIO: f32 = 1.3;
/// …for this long before the camera follows it.
const SWITCH_AFTER_S: f64 = 1.0;

/// The active track at each observation (`None` when no face is in view).
/// `speaking[i]` says whether speech is heard at observation i.
pub fn active_tracks(scene: &Scene, speaking: &[bool]) -> Vec<Option<usize>> {
    let alpha = (1.0 / (scene.fps * MEMORY_S)).min(1.0) as f32;
    let switch_after = (SWITCH_AFTER_S * scene.fps).ceil() as usize;
    let mut energy: Vec<f32> = Vec::new();
    let mut current: Option<usize> = None;
    let mut challenger: Option<(usize, usize)> = None; // (track, frames ahead)
    let mut out = Vec::with_capacity(scene.observations.len());
    for (i, obs) in scene.observations.iter().enumerate() {
        if obs.cut {
            energy.clear();
            current = None;
            challenger = None;
        }
        let heard = speaking.get(i).copied().unwrap_or(false);
        for f in &obs.faces {
            if energy.len() <= f.track {
                energy.resize(f.track + 1, 0.0);
            }
            // Mouth motion only counts while someone is heard: chewing is not talking.
            let sample = if heard { f.mouth_motion } else { 0.0 };
            energy[f.track] += alpha * (sample - energy[f.track]);
        }
        let visible: Vec<usize> = obs.faces.iter().map(|f| f.track).collect();
        if visible.is_empty() {
            out.push(None);
            continue;
        }
        let loudest = *visible
            .iter()
            .max_by(|&&a, &&b| energy[a].total_cmp(&energy[b]).then(b.cmp(&a)))
            .expect("non-empty");
        current = match current {
            Some(c) if visible.contains(&c) => {
                if loudest != c && energy[loudest] > energy[c] * SWITCH_RATIO + 0.05 {
                    let ahead = match challenger {
                        Some((t, n)) if t == loudest => n + 1,
                        _ => 1,
                    };
                    challenger = Some((loudest, ahead));
                    if ahead >= switch_after {
                        challenger = None;
                        // The analysis is offline: once the switch is sure, it is placed
                        // where the new speaker started to lead, not a second later.
                        let since = out.len() + 1 - ahead;
                        for slot in &mut out[since..] {
                            if slot.is_some() {
                                *slot = Some(loudest);
                            }
                        }
                        Some(loudest)
                    } else {
                        Some(c)
                    }
                } else {
                    challenger = None;
                    Some(c)
                }
            }
            // The speaker left the frame (or nobody was chosen yet): take the most active
            // face, or the biggest when nobody has spoken.
            _ => Some(if energy[loudest] > 0.0 {
                loudest
            } else {
                obs.faces
                    .iter()
                    .max_by(|a, b| a.face.width().total_cmp(&b.face.width()))
                    .expect("non-empty")
                    .track
            }),
        };
        out.push(current);
    }
    out
}
