//! The moments room: a transcript (and optionally the audio's frame track) in, the
//! clips a good editor would pick out: each cut on sentence boundaries, scored 0–100
//! from named sub-scores, explained in one line, titled, tagged and hooked.
//!
//! Pipeline: sentences → features + embeddings → topic boundaries → candidate windows
//! per duration type → scores → greedy non-overlapping pick without near-duplicates →
//! edges snapped into silence → extractive words around each clip → optional LLM pass.

pub mod acoustics;
pub mod analysis;
pub mod boundary;
pub mod breaks;
pub mod describe;
pub mod durations;
pub mod edges;
pub mod embed;
pub mod error;
pub mod exemplars;
pub mod features;
pub mod lexicon;
pub mod lists;
pub mod llm;
pub mod passages;
pub mod score;
pub mod select;
pub mod subscores;
pub mod topics;
pub mod units;
pub mod window;

use std::collections::BTreeMap;

use reelcut_transcript::Transcript;
use serde::{Deserialize, Serialize};

pub use acoustics::{FrameTrack, FrameTracker};
pub use analysis::Analysis;
pub use describe::Hooks;
pub use durations::DurationType;
pub use embed::Embedder;
pub use error::MomentsError;
pub use score::SubScores;

use crate::embed::cosine;
use crate::select::Candidate;
use crate::window::Context;

pub const PROMPT_MAX_CHARS: usize = 500;
/// Part of every cache key for moments: bumped when the same transcript would give
/// other clips (2: passages first, housekeeping sinks, edges refined on the audio;
/// 3: no housekeeping paragraph inside a clip; 4: a whole passage a little under the
/// shortest type is offered, and a pronoun pointing before the clip weakens its start;
/// 5: pauses read from the audio, the break model refitted).
pub const ALGORITHM_VERSION: u32 = 5;
pub const MAX_CLIPS_LIMIT: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub durations: Vec<DurationType>,
    pub prompt: Option<String>,
    /// Total clips across duration types; `None` = grows with the talk's length.
    pub max_clips: Option<usize>,
    /// What orders the clips: their own qualities, or (with a prompt) how well they
    /// match it — a search for "the part about pricing" wants that part first.
    #[serde(default)]
    pub rank_by: RankBy,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// The virality score (a prompt counts as one of its parts).
    #[default]
    Virality,
    /// Relevance to the prompt first; the score breaks near-ties. Only passages that
    /// match the prompt are offered when the caller gives no count.
    Relevance,
}

impl Request {
    pub fn validate(&self) -> Result<(), MomentsError> {
        if self.durations.is_empty() {
            return Err(MomentsError::InvalidParameter(
                "duration_types",
                "at least one duration type is needed".into(),
            ));
        }
        if let Some(p) = &self.prompt {
            if p.chars().count() > PROMPT_MAX_CHARS {
                return Err(MomentsError::InvalidParameter(
                    "prompt",
                    format!("prompt is {} characters; at most {PROMPT_MAX_CHARS}", p.chars().count()),
                ));
            }
        }
        if let Some(n) = self.max_clips {
            if n == 0 || n > MAX_CLIPS_LIMIT {
                return Err(MomentsError::InvalidParameter(
                    "max_clips",
                    format!("max_clips must be 1–{MAX_CLIPS_LIMIT}, not {n}"),
                ));
            }
        }
        Ok(())
    }

    fn prompt(&self) -> Option<&str> {
        self.prompt.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moment {
    pub rank: usize,
    pub duration_type: DurationType,
    /// Clip edges (padded into silence), seconds in the input's clock.
    pub start: f64,
    pub end: f64,
    pub duration: f64,
    /// First and last spoken word's edges.
    pub speech_start: f64,
    pub speech_end: f64,
    pub first_sentence: usize,
    pub sentence_count: usize,
    pub virality_score: u8,
    pub sub_scores: SubScores,
    pub reason: String,
    pub title: String,
    pub hooks: Hooks,
    pub tags: Vec<String>,
    pub description: String,
    pub emotions: BTreeMap<String, f32>,
    pub transcript: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub moments: Vec<Moment>,
    /// Why fewer clips than asked for came back, or how the prompt matched.
    pub notes: Vec<String>,
    pub speech_seconds: f64,
    /// `extractive`, or `llm:<model>` when an LLM pass reranked and rewrote them.
    pub method: String,
}

/// Relevance below this best similarity means the prompt matched nothing in the talk.
const PROMPT_MATCH_FLOOR: f32 = 0.25;

/// The extractive moments: everything offline, nothing random.
pub fn find(transcript: &Transcript, audio: Option<&FrameTrack>, embedder: &Embedder, request: &Request) -> Result<Moments, MomentsError> {
    find_pool(transcript, audio, embedder, request, 0).map(|(moments, _)| moments)
}

/// Like [`find`], but returns at least `pool` clips (for a reranking pass to choose
/// from) together with how many the request wants in the end.
pub fn find_pool(
    transcript: &Transcript,
    audio: Option<&FrameTrack>,
    embedder: &Embedder,
    request: &Request,
    pool: usize,
) -> Result<(Moments, usize), MomentsError> {
    request.validate()?;
    let mut notes = Vec::new();
    if transcript.words.is_empty() {
        notes.push(format!("no speech found in {:.0} s of audio: nothing to clip", transcript.duration));
        let empty = Moments {
            moments: Vec::new(),
            notes,
            speech_seconds: 0.0,
            method: "extractive".into(),
        };
        return Ok((empty, 0));
    }
    let analysis = Analysis::new(transcript, audio, embedder)?;
    if !analysis.punctuated {
        notes.push("the transcript has no sentence punctuation: clips are cut at pauses instead".into());
    }
    let prompt = match request.prompt() {
        Some(p) => Some(embedder.embed(&[p])?.remove(0)),
        None => None,
    };
    let mut candidates = passages::windows(&analysis, &request.durations, prompt.as_ref());
    if let Some(p) = &prompt {
        let best = candidates.iter().map(|c| cosine(&c.centroid, p)).fold(f32::MIN, f32::max);
        if best < PROMPT_MATCH_FLOOR && !candidates.is_empty() {
            notes.push(format!(
                "nothing in the talk matches the prompt well (best similarity {best:.2}); clips are ranked on their other qualities"
            ));
        }
    }
    let by_relevance = prompt.as_ref().filter(|_| request.rank_by == RankBy::Relevance);
    if let Some(p) = by_relevance {
        for c in &mut candidates {
            c.score = search_rank(c.score, cosine(&c.centroid, p));
        }
    }
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.start.total_cmp(&b.start))
            .then(a.end.total_cmp(&b.end))
    });
    // Passages first: the best non-overlapping whole passages of any requested length;
    // how many is up to the talk (those that stand out, or those that match a search)
    // unless the caller says.
    let picked = select::pick(&candidates);
    let wanted = request.max_clips.unwrap_or_else(|| match by_relevance {
        Some(p) => picked
            .iter()
            .filter(|&&i| relevance(cosine(&candidates[i].centroid, p)) >= SEARCH_MATCH)
            .count(),
        None => select::default_count(&candidates, &picked, analysis.speech_seconds()),
    });
    let mut chosen = passages::settle_edges(
        &analysis,
        &candidates,
        &picked,
        wanted.max(pool),
        &request.durations,
        prompt.as_ref(),
    );
    if let Some(p) = by_relevance {
        let key = |c: &Candidate| search_rank(c.score, cosine(&c.centroid, p));
        chosen.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.start.total_cmp(&b.start)));
    }
    notes.extend(passages::missing_types(&analysis, &request.durations, &candidates, &chosen));
    let silence = audio.and_then(boundary::Silence::new);
    let moments = chosen
        .iter()
        .enumerate()
        .map(|(rank, c)| moment(transcript, &analysis, c, prompt.as_ref(), silence.as_ref(), rank + 1))
        .collect();
    let moments = Moments {
        moments,
        notes,
        speech_seconds: analysis.speech_seconds(),
        method: "extractive".into(),
    };
    Ok((moments, wanted))
}

/// A search's order: mostly how well a passage matches the prompt, partly how good a
/// clip it makes (so of two equally relevant passages the whole, strong one leads).
fn search_rank(score: f32, cos: f32) -> f32 {
    0.75 * relevance(cos) + 0.25 * score
}

/// The relevance (0–100) a passage needs to count as a match for a search.
const SEARCH_MATCH: f32 = 35.0;

/// MiniLM cosine → 0–100: unrelated text sits near 0.1, a clear match above 0.5.
fn relevance(cos: f32) -> f32 {
    ((cos - 0.1) / 0.45 * 100.0).clamp(0.0, 100.0)
}

/// Scores sentences `first..=last` as one window; returns the score and its centroid.
/// Public so a caller can see why a span scores as it does (the bench's diagnosis of a
/// missed passage, an edited clip's new score).
pub fn score_window(analysis: &Analysis, first: usize, last: usize, prompt: Option<&Vec<f32>>) -> (score::Scored, Vec<f32>) {
    let (centroid, _) = analysis.centroid(first, last);
    let scored = score::score(&Context {
        sentences: &analysis.features[first..=last],
        breaks: window::Breaks::of(&analysis.breaks, first, last),
        relevance: prompt.map(|p| relevance(cosine(&centroid, p))),
    });
    (scored, centroid)
}

fn moment(
    transcript: &Transcript,
    analysis: &Analysis,
    c: &Candidate,
    prompt: Option<&Vec<f32>>,
    silence: Option<&boundary::Silence>,
    rank: usize,
) -> Moment {
    let (first, last) = (c.first, c.last);
    // Candidates keep only their score; the few chosen ones are scored again for the
    // sub-scores and cues (cheaper than keeping cues for every candidate window).
    let (scored, centroid) = score_window(analysis, first, last, prompt);
    let sentences = &analysis.sentences[first..=last];
    let first_word = sentences[0].first_word;
    let last_word = sentences[sentences.len() - 1].first_word + sentences[sentences.len() - 1].word_count - 1;
    let (start, end) = boundary::snap(&transcript.words, first_word, last_word, transcript.duration, silence);
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let words = describe::describe(
        &analysis.vocabulary,
        &analysis.features[first..=last],
        &texts,
        &analysis.embeddings[first..=last],
        &centroid,
    );
    Moment {
        rank,
        duration_type: c.duration_type,
        start,
        end,
        duration: ((end - start) * 1000.0).round() / 1000.0,
        speech_start: c.start,
        speech_end: c.end,
        first_sentence: first,
        sentence_count: last - first + 1,
        virality_score: c.score.round().clamp(0.0, 100.0) as u8,
        sub_scores: round_sub_scores(scored.sub_scores),
        reason: score::reason(&scored.sub_scores, &scored.cues),
        title: words.title,
        hooks: words.hooks,
        tags: words.tags,
        description: words.description,
        emotions: words.emotions,
        transcript: texts.join(" "),
    }
}

fn round_sub_scores(s: SubScores) -> SubScores {
    let r = |v: f32| v.round();
    SubScores {
        hook: r(s.hook),
        self_contained: r(s.self_contained),
        payoff: r(s.payoff),
        energy: r(s.energy),
        clarity: r(s.clarity),
        relevance: s.relevance.map(r),
    }
}
