//! What a sentence is *for*, read from meaning rather than keywords: each sentence's
//! embedding is compared with small sets of labelled example sentences — housekeeping
//! (audio checks, logistics, greetings, thanks, plugs, sign-offs), a passage's setup
//! (a question, a claim, the start of a story or a list), its landing (a lesson, an
//! answer, a resolution) and the talk's connective tissue (transitions that point
//! elsewhere). The examples are written for this purpose, generic across genres; none
//! is taken from an evaluation talk.

use crate::embed::{cosine, Embedder, Embedding};
use crate::MomentsError;

/// Sign-posting, logistics and platform talk: what editors cut first.
const HOUSEKEEPING: &[&str] = &[
    "Can everybody hear me okay?",
    "Is this microphone on?",
    "Let me know in the chat if the audio drops.",
    "Let me share my screen so you can see it.",
    "Can you all see my slides?",
    "The slides will be posted online after the session.",
    "The recording will be emailed to everyone who signed up.",
    "Please mute yourselves until the questions at the end.",
    "We will take questions at the end of the session.",
    "The assignment is due next Monday at noon.",
    "We will take a ten minute break and then continue.",
    "Welcome back to the channel, everyone.",
    "Hello and welcome to today's episode.",
    "Thank you so much for having me on the show.",
    "Thanks for joining us today.",
    "Please welcome our guest to the stage.",
    "Before we start, a few announcements.",
    "Lunch will be served in the main room.",
    "The car park will be closed next week.",
    "Please sign in at the front desk on your way out.",
    "Don't forget to like and subscribe.",
    "Hit the bell so you get notified of new videos.",
    "Sign up for my newsletter, the link is in the description.",
    "Follow me on social media for more.",
    "This video is sponsored by our partner.",
    "Use my promo code at checkout for a discount.",
    "Head over to our website to start your free trial.",
    "Thanks again to our sponsor for supporting the show.",
    "Quick plug before we continue.",
    "Our premium plan is half price until the end of the week.",
    "That's all we have time for today.",
    "Thanks for watching, see you in the next one.",
    "Please give them a round of applause.",
    "Leave a review if you enjoyed the episode.",
    "Okay, let's get started.",
    "Grab a pen and some paper before we begin.",
    "Tell me if the volume is too low at the back.",
    "How is everybody doing tonight?",
    "Where is everyone from tonight?",
];

/// How a passage worth clipping begins: it raises a question or stakes a claim.
const SETUP: &[&str] = &[
    "Why do so many people get this wrong?",
    "What would you do if you lost everything overnight?",
    "Here is what nobody tells you about getting older.",
    "Most experts say you should do this, and they are wrong.",
    "A few years ago I made the biggest mistake of my career.",
    "I was twenty two when my first business went bankrupt.",
    "Let me tell you about the day everything changed.",
    "There are three rules I follow every single time.",
    "The common advice about saving money is backwards.",
    "Once upon a time there was a king who had everything.",
    "Nobody expected what happened at the meeting that night.",
    "My grandmother gave me one piece of advice I never forgot.",
];

/// How such a passage lands: the lesson, the answer, the turn resolved.
const LANDING: &[&str] = &[
    "And that is the lesson I took away from it.",
    "So the answer is simpler than you think.",
    "That mistake taught me to always check twice.",
    "Since that day, I have never done it again.",
    "It turned out to be the best thing that ever happened to me.",
    "If you remember one thing from this, remember that.",
    "That is why the simple option usually wins.",
    "The moral is that patience beats talent.",
    "And in the end, everyone was better off for it.",
    "So stop worrying about it, and start doing it.",
    "That one change made all the difference.",
    "And that, in a nutshell, is the whole secret.",
];

/// Transitions and asides that point away from where they stand.
const TRANSITION: &[&str] = &[
    "Okay, let's move on to the next part.",
    "Anyway, where was I?",
    "Let me switch to a different topic now.",
    "I'll come back to that later.",
    "That reminds me of something else.",
    "So that's enough about that.",
    "Now for something completely different.",
    "But that's a story for another day.",
];

/// Each sentence's similarity to each kind of example, mapped to 0–1.
#[derive(Debug, Clone, Copy, Default)]
pub struct Roles {
    pub housekeeping: f32,
    pub setup: f32,
    pub landing: f32,
    pub transition: f32,
}

pub fn roles(embedder: &Embedder, sentences: &[Embedding]) -> Result<Vec<Roles>, MomentsError> {
    let sets = [HOUSEKEEPING, SETUP, LANDING, TRANSITION].map(|set| embedder.embed(set));
    let [housekeeping, setup, landing, transition] = sets;
    let (housekeeping, setup, landing, transition) = (housekeeping?, setup?, landing?, transition?);
    Ok(sentences
        .iter()
        .map(|e| {
            let (h, s, l, t) = (
                closest(e, &housekeeping),
                closest(e, &setup),
                closest(e, &landing),
                closest(e, &transition),
            );
            Roles {
                // Housekeeping must be plainly that (a level, not a margin: a talk about
                // podcasts sits near "subscribe to the podcast" without being a plug);
                // the word lists catch the greetings and plugs this misses.
                housekeeping: ramp(h, 0.4, 0.7),
                setup: ramp(s, 0.25, 0.55),
                landing: ramp(l, 0.25, 0.55),
                transition: ramp(t, 0.3, 0.6),
            }
        })
        .collect())
}

/// Mean cosine of the two closest examples: MiniLM puts unrelated sentences near
/// 0.1–0.2 and paraphrases above 0.6.
fn closest(sentence: &Embedding, examples: &[Embedding]) -> f32 {
    let mut sims: Vec<f32> = examples.iter().map(|x| cosine(sentence, x)).collect();
    sims.sort_by(|a, b| b.total_cmp(a));
    sims.iter().take(2).sum::<f32>() / sims.len().clamp(1, 2) as f32
}

/// 0 at `from`, 1 at `to`, linear between.
fn ramp(x: f32, from: f32, to: f32) -> f32 {
    ((x - from) / (to - from)).clamp(0.0, 1.0)
}
