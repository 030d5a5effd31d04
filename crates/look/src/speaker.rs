//! Who is speaking: among the faces in view, the one whose mouth moves while speech is
//! heard *and in step with it* — its mouth motion regressed on the audio envelope —,
//! with stickiness so the choice does not flap between two faces. The envelope is
//! what tells a speaker from a listener who chews, smiles or mouths along: both mouths
//! move while speech is heard, only the speaker's stops when the speech pauses.

use crate::scene::Scene;

/// Seconds the motion average looks back.
const MEMORY_S: f64 = 0.8;
/// A challenger must score this much more than the current speaker…
const SWITCH_RATIO: f32 = 1.3;
/// …for this long before the camera follows it.
const SWITCH_AFTER_S: f64 = 1.0;
/// Below this score nobody is speaking (mouth-motion units: mean grey-level change).
const LEADER_MIN_SCORE: f32 = 0.5;
/// Seconds the envelope regression looks back: several phrases and pauses.
const IN_STEP_MEMORY_S: f64 = 3.0;
/// Share of a face's score that does not depend on moving in step with the voice
/// (steady audio, such as music under speech, has no envelope to follow).
const UNCORRELATED_WEIGHT: f32 = 0.25;
/// Loudness mapped to an envelope of 0 (this quiet or quieter) …
const SILENT_DB: f32 = -50.0;
/// … to 1 (this loud or louder).
const LOUD_DB: f32 = -15.0;

/// How far (seconds) the envelope window reaches past the interval a mouth sample
/// covers: audio and picture are rarely in perfect sync, and loudness frames smear.
const SYNC_SLACK_S: f64 = 0.05;

/// The audio envelope (0 silent … 1 loud) at each observation: the mean loudness over
/// the interval the observation's mouth motion covers (since the previous sample).
/// `levels_db` is a loudness track of the whole input, `seconds_per_level` apart; the
/// clip starts at `start` seconds into it.
pub fn envelope(scene: &Scene, levels_db: &[f32], seconds_per_level: f64, start: f64) -> Vec<f32> {
    let loudness = |db: f32| ((db - SILENT_DB) / (LOUD_DB - SILENT_DB)).clamp(0.0, 1.0);
    let index = |t: f64| ((t / seconds_per_level).round().max(0.0) as usize).min(levels_db.len());
    scene
        .observations
        .iter()
        .map(|o| {
            let until = start + o.t + SYNC_SLACK_S;
            let from = index(until - 1.0 / scene.fps - 2.0 * SYNC_SLACK_S);
            let window = &levels_db[from..index(until).max(from)];
            if window.is_empty() {
                return 0.0;
            }
            // The share of the interval that is speech (a phrase ending half-way gives ½).
            window.iter().map(|&db| loudness(db)).sum::<f32>() / window.len() as f32
        })
        .collect()
}

/// Running statistics of one face's mouth motion against the envelope.
#[derive(Clone, Copy, Default)]
struct Evidence {
    /// Mouth motion while speech is heard (motion × envelope), short memory.
    heard_motion: f32,
    /// Long-memory averages of m, e, m·e and e², with the weight they have gathered
    /// (so the first seconds are not biased towards the zeros they start from).
    weight: f32,
    m: f32,
    e: f32,
    me: f32,
    ee: f32,
}

impl Evidence {
    fn update(&mut self, motion: f32, envelope: f32, fast: f32, slow: f32) {
        self.heard_motion += fast * (motion * envelope - self.heard_motion);
        let ema = |v: &mut f32, x: f32| *v += slow * (x - *v);
        ema(&mut self.weight, 1.0);
        ema(&mut self.m, motion);
        ema(&mut self.e, envelope);
        ema(&mut self.me, motion * envelope);
        ema(&mut self.ee, envelope * envelope);
    }

    /// How much the mouth moves *because* speech is heard: the slope of mouth motion
    /// against the envelope (a least-squares fit over the long memory) relative to the
    /// face's mean motion, in 0–1. A speaker's mouth stops when the voice pauses (≈ 1);
    /// a chewing listener's moves the same either way (≈ 0). 0 when the envelope is flat.
    fn in_step(&self) -> f32 {
        if self.weight <= 0.0 {
            return 0.0;
        }
        let w = self.weight;
        let (m, e, me, ee) = (self.m / w, self.e / w, self.me / w, self.ee / w);
        let var_e = ee - e * e;
        if var_e <= 0.01 || m <= 1e-3 {
            return 0.0;
        }
        ((me - m * e) / var_e / m).clamp(0.0, 1.0)
    }

    fn score(&self) -> f32 {
        self.heard_motion * (UNCORRELATED_WEIGHT + self.in_step())
    }
}

/// Who speaks, per observation.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Speakers {
    /// The face the camera should show (`None` when no face is in view): the leader,
    /// with stickiness, so it changes only after a challenger has led for a while.
    pub active: Vec<Option<usize>>,
    /// The face with the most speaking evidence at that moment, no stickiness (`None`
    /// when nobody's mouth moves with speech): what a layout decision reads turns from,
    /// since the sticky choice hides quick exchanges by design.
    pub leaders: Vec<Option<usize>>,
}

/// Who speaks at each observation. `envelope[i]` is how loud speech is at observation
/// i (see [`envelope`]).
pub fn speakers(scene: &Scene, envelope: &[f32]) -> Speakers {
    let fast = (1.0 / (scene.fps * MEMORY_S)).min(1.0) as f32;
    let slow = (1.0 / (scene.fps * IN_STEP_MEMORY_S)).min(1.0) as f32;
    let switch_after = (SWITCH_AFTER_S * scene.fps).ceil() as usize;
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut current: Option<usize> = None;
    let mut challenger: Option<(usize, usize)> = None; // (track, frames ahead)
    let mut out = Vec::with_capacity(scene.observations.len());
    let mut leaders = Vec::with_capacity(scene.observations.len());
    for (i, obs) in scene.observations.iter().enumerate() {
        if obs.cut {
            evidence.clear();
            current = None;
            challenger = None;
        }
        let heard = envelope.get(i).copied().unwrap_or(0.0);
        for f in &obs.faces {
            if evidence.len() <= f.track {
                evidence.resize(f.track + 1, Evidence::default());
            }
            // A shot's first frame has no previous one: its motion is not a measurement.
            if i > 0 && !obs.cut {
                evidence[f.track].update(f.mouth_motion, heard, fast, slow);
            }
        }
        let energy: Vec<f32> = evidence.iter().map(Evidence::score).collect();
        let visible: Vec<usize> = obs.faces.iter().map(|f| f.track).collect();
        if visible.is_empty() {
            out.push(None);
            leaders.push(None);
            continue;
        }
        let loudest = *visible
            .iter()
            .max_by(|&&a, &&b| energy[a].total_cmp(&energy[b]).then(b.cmp(&a)))
            .expect("non-empty");
        leaders.push((energy[loudest] > LEADER_MIN_SCORE).then_some(loudest));
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
    Speakers { active: out, leaders }
}
