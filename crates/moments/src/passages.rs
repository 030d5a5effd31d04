//! From scored sentences to whole passages: every run of whole sentences that fits a
//! requested duration type becomes a candidate (scored once, with no preference for
//! any length), and once the best are picked their edges are settled. A passage is
//! offered whole to the type it fits — never cut down or padded out to a type's length
//! — and housekeeping is never offered.

use crate::analysis::Analysis;
use crate::durations::DurationType;
use crate::features::SentenceFeatures;
use crate::select::Candidate;
use crate::{edges, score_window, window};

/// A window more than this share housekeeping (by words) is not a passage.
const MAX_HOUSEKEEPING_SHARE: f32 = 0.2;

/// A sentence that is plainly housekeeping or a transition: an editor's first trim.
fn is_aside(f: &SentenceFeatures) -> bool {
    f.housekeeping().max(f.transition()) >= 0.45
}

/// A sentence plainly housekeeping by itself (not only by being beside some).
fn is_housekeeping(f: &SentenceFeatures) -> bool {
    f.housekeeping() >= 0.45
}

/// Whether sentences `first..=last` may be offered as a clip at all: not mostly
/// housekeeping, not opening or closing on an aside ("Right, moving on."), and not
/// holding a paragraph of it — two housekeeping sentences in a row ("The hot water will
/// be off tomorrow. Please leave a note on the board.") are what an editor cuts out of
/// the middle of a long clip too, where one stray "thanks for that" is not.
fn offerable(analysis: &Analysis, first: usize, last: usize) -> bool {
    let f = &analysis.features[first..=last];
    window::housekeeping_share(f) <= MAX_HOUSEKEEPING_SHARE
        && !is_aside(&f[0])
        && !is_aside(&f[f.len() - 1])
        && !f.windows(2).any(|pair| is_housekeeping(&pair[0]) && is_housekeeping(&pair[1]))
}

/// How far under its shortest type a whole passage may run and still be offered: a
/// 13 s question and answer from a quick speaker belongs in the 30 s type as it is,
/// not padded with the next topic to reach 15 s.
const SHORT_WHOLE_SHARE: f64 = 0.8;

/// The requested type sentences `first..=last` belong to: the one whose range holds
/// their speech, or — for a whole passage (likely breaks at both ends, none likely
/// inside) a little shorter than every range — the shortest type.
pub fn fitting(analysis: &Analysis, requested: &[DurationType], first: usize, last: usize) -> Option<DurationType> {
    let s = &analysis.sentences;
    let length = s[last].end - s[first].start;
    DurationType::for_length(requested, length).or_else(|| {
        let shortest = requested.iter().copied().min_by(|a, b| a.range().0.total_cmp(&b.range().0))?;
        // The self-contained sub-score's first term, at least 20/100: a mid-paragraph
        // start after an ordinary pause reads as a break near 0.4, and such a passage
        // is still better offered whole than padded with the next topic.
        let whole = window::Breaks::of(&analysis.breaks, first, last).wholeness() >= 0.2;
        (whole && length < shortest.range().0 && length >= SHORT_WHOLE_SHARE * shortest.range().0).then_some(shortest)
    })
}

/// Sentences `first..=last` as a scored candidate of `duration_type`.
fn candidate(analysis: &Analysis, first: usize, last: usize, duration_type: DurationType, prompt: Option<&Vec<f32>>) -> Candidate {
    let s = &analysis.sentences;
    let (scored, centroid) = score_window(analysis, first, last, prompt);
    Candidate {
        duration_type,
        first,
        last,
        start: s[first].start,
        end: s[last].end,
        score: scored.score,
        centroid,
    }
}

/// Every offerable run of whole sentences whose speech fits one of the requested
/// duration types, scored.
pub fn windows(analysis: &Analysis, requested: &[DurationType], prompt: Option<&Vec<f32>>) -> Vec<Candidate> {
    let shortest = requested.iter().map(|d| d.range().0).fold(f64::MAX, f64::min);
    let longest = requested.iter().map(|d| d.range().1).fold(0.0, f64::max);
    let s = &analysis.sentences;
    let mut out = Vec::new();
    for first in 0..s.len() {
        for last in first..s.len() {
            let length = s[last].end - s[first].start;
            if length > longest {
                break;
            }
            if length < SHORT_WHOLE_SHARE * shortest || !offerable(analysis, first, last) {
                continue;
            }
            if let Some(duration_type) = fitting(analysis, requested, first, last) {
                out.push(candidate(analysis, first, last, duration_type, prompt));
            }
        }
    }
    out
}

/// Up to `wanted` of the picked passages (best first) with their edges settled
/// (`edges::settle`), rescored, best first. A better passage settles first; a later one
/// gives up any sentences it settled into (and is dropped when what is left no longer
/// fits a requested type).
pub fn settle_edges(
    analysis: &Analysis,
    candidates: &[Candidate],
    picked: &[usize],
    wanted: usize,
    requested: &[DurationType],
    prompt: Option<&Vec<f32>>,
) -> Vec<Candidate> {
    let fits = |a: usize, b: usize| fitting(analysis, requested, a, b);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for &i in picked {
        if spans.len() >= wanted {
            break;
        }
        let Some((first, last)) = edges::free_run(candidates[i].first, candidates[i].last, &spans) else {
            continue;
        };
        if fits(first, last).is_none() || !offerable(analysis, first, last) {
            continue;
        }
        let value = |a: usize, b: usize| offerable(analysis, a, b).then(|| score_window(analysis, a, b, prompt).0.score);
        spans.push(edges::settle(analysis, (first, last), requested, &spans, value));
    }
    let mut settled: Vec<Candidate> = spans
        .into_iter()
        .map(|(first, last)| candidate(analysis, first, last, fits(first, last).expect("settled edges fit a type"), prompt))
        .collect();
    settled.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.total_cmp(&b.start)));
    settled
}

/// A note for each requested type that got no clip, saying why.
pub fn missing_types(analysis: &Analysis, requested: &[DurationType], candidates: &[Candidate], chosen: &[Candidate]) -> Vec<String> {
    let mut notes = Vec::new();
    for &d in requested {
        if chosen.iter().any(|c| c.duration_type == d) {
            continue;
        }
        let (min, max) = d.range();
        let note = if candidates.iter().any(|c| c.duration_type == d) {
            format!(
                "no `{}` clip: no whole passage of {min:.0}–{max:.0} s stood out, and passages are never cut or padded to fit",
                d.as_str()
            )
        } else {
            format!(
                "no `{}` clip: no run of whole sentences lasts {min:.0} s or more within the limit (the talk has {:.0} s of speech)",
                d.as_str(),
                analysis.speech_seconds()
            )
        };
        notes.push(note);
    }
    notes
}
