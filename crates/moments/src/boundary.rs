//! Clip edges: in the silence before the first word and after the last, never inside
//! a neighbour word. Where the audio's frame track is at hand, the first word's onset
//! and the last word's release are first checked against it — Whisper's word times can
//! start late and end early by a frame or two, and a clip must not clip a consonant.

use reelcut_transcript::Word;

use crate::acoustics::FrameTrack;
use crate::features::median;

/// Lead-in before the speech onset: at least 0.15 s of room tone where the gap allows.
const PAD_BEFORE_S: f64 = 0.18;
/// Tail after the speech release: a breath, not the next thought. Both pads keep a
/// clip edge within 0.3 s of its sentence edge even after the audio moved the edge by
/// a frame or two.
const PAD_AFTER_S: f64 = 0.18;
/// The most room tone a clip carries beyond its first and last word's edges.
const MAX_ROOM_S: f64 = 0.28;
/// Keep this far from a neighbouring word.
const GUARD_S: f64 = 0.05;
/// How far the audio may move a word edge outwards.
const REFINE_MAX_S: f64 = 0.25;
/// A frame this far above the talk's quiet floor is sound, not room tone.
const SOUND_ABOVE_FLOOR_DB: f32 = 12.0;

/// The talk's loudness floor, for telling sound from room tone near clip edges.
pub struct Silence<'a> {
    track: &'a FrameTrack,
    threshold_db: f32,
}

impl<'a> Silence<'a> {
    pub fn new(track: &'a FrameTrack) -> Option<Self> {
        if track.level_db.is_empty() {
            return None;
        }
        // The quietest tenth of the talk is its room tone.
        let mut levels = track.level_db.clone();
        levels.sort_by(f32::total_cmp);
        let floor = median(&levels[..levels.len().div_ceil(10)]);
        Some(Silence {
            track,
            threshold_db: floor + SOUND_ABOVE_FLOOR_DB,
        })
    }

    fn sounding(&self, frame: isize) -> bool {
        frame >= 0 && self.track.level_db.get(frame as usize).is_some_and(|&db| db > self.threshold_db)
    }

    /// The onset of the sound that runs into `t`, no earlier than `limit`.
    fn onset_before(&self, t: f64, limit: f64) -> f64 {
        let per = FrameTrack::seconds_per_frame();
        let mut frame = (t / per).floor() as isize;
        let mut onset = t;
        while self.sounding(frame - 1) && (frame - 1) as f64 * per >= limit.max(t - REFINE_MAX_S) {
            frame -= 1;
            onset = frame as f64 * per;
        }
        onset.min(t)
    }

    /// The longest stretch of room tone between `from` and `to`, in seconds.
    fn longest_quiet(&self, from: f64, to: f64) -> f64 {
        self.longest_quiet_run(from, to).map_or(0.0, |(start, end)| end - start)
    }

    /// The middle of the longest stretch of room tone between `from` and `to` (where a
    /// long input is cut into stretches transcribed apart); `None`: no quiet there.
    pub fn quiet_middle(&self, from: f64, to: f64) -> Option<f64> {
        self.longest_quiet_run(from, to).map(|(start, end)| (start + end) / 2.0)
    }

    /// The longest run of quiet frames between `from` and `to`, as (start, end) seconds.
    fn longest_quiet_run(&self, from: f64, to: f64) -> Option<(f64, f64)> {
        let per = FrameTrack::seconds_per_frame();
        let (a, b) = ((from / per).ceil() as isize, (to / per).floor() as isize);
        let (mut run, mut longest, mut longest_end) = (0isize, 0isize, a);
        for frame in a..b {
            run = if self.sounding(frame) { 0 } else { run + 1 };
            if run > longest {
                (longest, longest_end) = (run, frame + 1);
            }
        }
        (longest > 0).then(|| ((longest_end - longest) as f64 * per, longest_end as f64 * per))
    }

    /// The release of the sound that runs on past `t`, no later than `limit`.
    fn release_after(&self, t: f64, limit: f64) -> f64 {
        let per = FrameTrack::seconds_per_frame();
        let mut frame = (t / per).floor() as isize;
        let mut release = t;
        while self.sounding(frame + 1) && (frame + 2) as f64 * per <= limit.min(t + REFINE_MAX_S) {
            frame += 1;
            release = (frame + 1) as f64 * per;
        }
        release.max(t)
    }
}

/// The pause between two sentences: the last word of one is `before`, the first of the
/// next `after`. With the audio at hand it is the longest room tone between the two
/// words' middles, so it reads the same whether the words were timed by a script or by
/// Whisper, whose word edges often run into a pause or start early inside it; without
/// the audio it is the gap between the words.
pub fn pause(before: &Word, after: &Word, silence: Option<&Silence>) -> f64 {
    match silence {
        Some(s) => s.longest_quiet((before.start + before.end) / 2.0, (after.start + after.end) / 2.0),
        None => (after.start - before.end).max(0.0),
    }
}

/// (start, end) for a clip whose speech runs from word `first` to word `last`.
pub fn snap(words: &[Word], first: usize, last: usize, media_duration: f64, silence: Option<&Silence>) -> (f64, f64) {
    let floor = if first > 0 { words[first - 1].end + GUARD_S } else { 0.0 };
    let ceiling = words
        .get(last + 1)
        .map_or(media_duration.max(words[last].end), |w| w.start - GUARD_S);
    let (onset, release) = match silence {
        Some(s) => (s.onset_before(words[first].start, floor), s.release_after(words[last].end, ceiling)),
        None => (words[first].start, words[last].end),
    };
    // Never inside a neighbour, never inside our own first/last word, and no more room
    // tone than needed: within MAX_ROOM_S of the words unless the sound itself runs on.
    let start = (onset - PAD_BEFORE_S)
        .max(words[first].start - MAX_ROOM_S)
        .max(floor)
        .min(onset)
        .max(0.0);
    let end = (release + PAD_AFTER_S).min(words[last].end + MAX_ROOM_S).min(ceiling).max(release);
    (round_ms(start), round_ms(end))
}

fn round_ms(t: f64) -> f64 {
    (t * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: f64, end: f64) -> Word {
        Word {
            text: "x".into(),
            start,
            end,
            probability: 1.0,
        }
    }

    #[test]
    fn pads_into_silence_but_not_into_neighbours() {
        let words = vec![w(0.0, 1.0), w(1.1, 2.0), w(3.0, 4.0), w(4.02, 5.0)];
        // Gap of 0.1 s before word 1: the pad stops 0.05 s after word 0.
        assert_eq!(snap(&words, 1, 2, 10.0, None), (1.05, 4.0));
        // Words that touch: no pad, but never inside the word itself.
        assert_eq!(snap(&words, 3, 3, 10.0, None), (4.02, 5.18));
        assert_eq!(snap(&words, 0, 0, 10.0, None), (0.0, 1.05));
        assert_eq!(snap(&words, 3, 3, 5.1, None), (4.02, 5.1));
    }

    #[test]
    fn a_late_word_start_and_an_early_word_end_are_moved_to_the_sound() {
        // Room tone at -70 dB; speech from 2.0 s to 4.0 s; ASR says 2.1–3.9.
        let mut track = FrameTrack {
            level_db: vec![-70.0; 120],
            pitch_hz: vec![0.0; 120],
        };
        (40..80).for_each(|f| track.level_db[f] = -20.0);
        let silence = Silence::new(&track).unwrap();
        let words = vec![w(0.2, 0.8), w(2.1, 3.9), w(5.0, 5.5)];
        let (start, end) = snap(&words, 1, 1, 6.0, Some(&silence));
        assert_eq!((start, end), (1.82, 4.18));
    }

    #[test]
    fn a_pause_is_read_from_the_audio_whatever_the_word_times_say() {
        // Speech 1.0–2.0 s and 2.8–4.0 s: a 0.8 s pause. The ASR stretched the first
        // word to 2.5 s and started the second at 2.6 s, a 0.1 s gap on paper.
        let mut track = FrameTrack {
            level_db: vec![-70.0; 100],
            pitch_hz: vec![0.0; 100],
        };
        (20..40).chain(56..80).for_each(|f| track.level_db[f] = -20.0);
        let silence = Silence::new(&track).unwrap();
        let (before, after) = (w(1.2, 2.5), w(2.6, 3.2));
        assert!((pause(&before, &after, Some(&silence)) - 0.8).abs() < 1e-9);
        assert!((pause(&before, &after, None) - 0.1).abs() < 1e-9);
    }
}
