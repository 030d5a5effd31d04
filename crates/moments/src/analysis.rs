//! Everything known about a talk before any window is considered: sentences, their
//! features and embeddings, topic boundaries, and prefix sums that make any window's
//! centroid an O(dim) lookup.

use reelcut_transcript::{Sentence, Transcript};

use crate::acoustics::FrameTrack;
use crate::describe::Vocabulary;
use crate::embed::{Embedder, Embedding};
use crate::features::{self, SentenceFeatures};
use crate::{exemplars, topics, units, MomentsError};

pub struct Analysis {
    pub sentences: Vec<Sentence>,
    pub features: Vec<SentenceFeatures>,
    pub embeddings: Vec<Embedding>,
    /// Topic-boundary strength before sentence i (index n = after the last).
    pub boundaries: Vec<f32>,
    /// The pause before sentence i in seconds, read from the audio where it is at hand.
    pub pauses: Vec<f32>,
    /// Probability of a passage break before sentence i (`breaks`; index n = the end).
    pub breaks: Vec<f32>,
    pub vocabulary: Vocabulary,
    pub punctuated: bool,
    /// prefix[i] = Σ_{k<i} weight_k · e_k; weight = word count.
    prefix: Vec<Vec<f32>>,
    prefix_weight: Vec<f32>,
}

impl Analysis {
    /// The part the break model reads.
    pub fn evidence(&self) -> crate::breaks::Evidence<'_> {
        crate::breaks::Evidence {
            sentences: &self.sentences,
            features: &self.features,
            embeddings: &self.embeddings,
            boundaries: &self.boundaries,
            pauses: &self.pauses,
        }
    }

    pub fn new(transcript: &Transcript, audio: Option<&FrameTrack>, embedder: &Embedder) -> Result<Self, MomentsError> {
        let (sentences, punctuated) = units::sentences(transcript);
        let mut features = features::extract(transcript, &sentences, audio);
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let embeddings = embedder.embed(&texts)?;
        for (f, roles) in features.iter_mut().zip(exemplars::roles(embedder, &embeddings)?) {
            f.roles = roles;
        }
        features::link(&mut features);
        let weights: Vec<f32> = features.iter().map(|f| f.words as f32).collect();
        let boundaries = topics::boundaries(&embeddings, &weights);
        let dim = embeddings.first().map_or(0, Vec::len);
        let mut prefix = vec![vec![0.0f32; dim]];
        let mut prefix_weight = vec![0.0f32];
        for (e, w) in embeddings.iter().zip(&weights) {
            let mut next = prefix.last().expect("seeded").clone();
            next.iter_mut().zip(e).for_each(|(s, x)| *s += w * x);
            prefix.push(next);
            prefix_weight.push(prefix_weight.last().expect("seeded") + w);
        }
        let vocabulary = Vocabulary::new(&features);
        let pauses = pauses(transcript, &sentences, audio.and_then(crate::boundary::Silence::new).as_ref());
        let mut analysis = Analysis {
            sentences,
            features,
            embeddings,
            boundaries,
            vocabulary,
            punctuated,
            prefix,
            prefix_weight,
            pauses,
            breaks: Vec::new(),
        };
        analysis.breaks = crate::breaks::probabilities(&analysis.evidence());
        features::carry_housekeeping(&mut analysis.features, &analysis.breaks);
        Ok(analysis)
    }

    /// Sum of weighted embeddings of sentences `first..=last`, and the weight.
    fn window_sum(&self, first: usize, last: usize) -> (Vec<f32>, f32) {
        let sum = self.prefix[last + 1].iter().zip(&self.prefix[first]).map(|(b, a)| b - a).collect();
        (sum, self.prefix_weight[last + 1] - self.prefix_weight[first])
    }

    /// The window's unit centroid and its coherence (weighted mean cosine of its
    /// sentences to that centroid, which equals |Σ w·e| / Σ w).
    pub fn centroid(&self, first: usize, last: usize) -> (Embedding, f32) {
        let (sum, weight) = self.window_sum(first, last);
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        let coherence = if weight > 0.0 { norm / weight } else { 0.0 };
        (crate::embed::normalise(sum), coherence)
    }

    pub fn speech_seconds(&self) -> f64 {
        self.features.iter().map(|f| f.duration()).sum()
    }
}

/// The pause before each sentence (0 before the first).
fn pauses(transcript: &Transcript, sentences: &[Sentence], silence: Option<&crate::boundary::Silence>) -> Vec<f32> {
    let words = &transcript.words;
    (0..sentences.len())
        .map(|g| match g {
            0 => 0.0,
            _ => {
                let before = &words[sentences[g - 1].first_word + sentences[g - 1].word_count - 1];
                crate::boundary::pause(before, &words[sentences[g].first_word], silence) as f32
            }
        })
        .collect()
}
