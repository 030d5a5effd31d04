//! The pipeline in parts, for a job spread over workers. Each part takes what the parts
//! before it produced (the caller stores and fetches them) and returns what the next
//! needs, so any worker can run any part: transcribe a stretch of the input, stitch the
//! stretches, track the audio, choose moments, look at and render one clip, and write
//! the run's files. [`crate::run`] is the same stages in one process.

use std::path::Path;

use reelcut_media::probe::MediaInfo;
use reelcut_media::process::Invocation;
use reelcut_moments::{FrameTrack, Moment, Moments};
pub use reelcut_speech::Transcript;
use reelcut_speech::Word;

use crate::manifest::{ClipRecord, Manifest, Source, StageTiming};
pub use crate::stages::{Heard, Seen};
use crate::{stages, write_err, ClipJob, ClippingError};

/// The input's facts and content hash, from what ffprobe said of it (`info`: the caller
/// probed it to check it).
pub async fn source(job: &ClipJob<'_>, info: MediaInfo) -> Result<Source, ClippingError> {
    stages::describe(job, info).await
}

/// The transcript of `from..to` seconds of the input, on the stretch's own clock (see
/// [`stitch`]). The stretch's audio is cut out to a WAV in `scratch` first, so Whisper
/// reads only what it transcribes.
pub async fn transcribe_stretch(job: &ClipJob<'_>, from: f64, to: f64, scratch: &Path) -> Result<Transcript, ClippingError> {
    std::fs::create_dir_all(scratch).map_err(write_err(scratch))?;
    let wav = scratch.join(format!("stretch-{:.0}.wav", from * 1000.0));
    let invocation = Invocation::ffmpeg(&job.settings.media.ffmpeg)
        .args(["-ss".to_string(), format!("{from:.3}"), "-t".into(), format!("{:.3}", to - from)])
        .args(["-i".as_ref(), job.input.as_os_str()])
        .args(["-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le"])
        .args([wav.as_os_str()])
        .media_seconds(to - from)
        .cancel_on(job.cancel.clone());
    job.processes.output(invocation).await.map_err(reelcut_media::MediaError::from)?;
    let progress = job
        .progress
        .clone()
        .map(|p| -> reelcut_speech::ProgressFn { std::sync::Arc::new(move |done, total| p(crate::Stage::Transcribe, done, total)) });
    let transcript = reelcut_speech::transcribe(reelcut_speech::TranscribeRequest {
        settings: job.settings,
        processes: job.processes,
        input: &wav,
        cancel: job.cancel.clone(),
        progress,
        task: reelcut_speech::Task::Transcribe,
    })
    .await;
    std::fs::remove_file(&wav).ok();
    Ok(transcript?)
}

/// One transcript from stretches transcribed apart, each with the input time it starts
/// at, in any order. Whisper's segments stay segments; sentences are split again over
/// the whole, so a sentence that runs across a cut is one sentence. The language is the
/// one of the stretch with the most words.
pub fn stitch(mut stretches: Vec<(f64, Transcript)>, duration: f64) -> Transcript {
    stretches.sort_by(|a, b| a.0.total_cmp(&b.0));
    let speaking = stretches.iter().max_by_key(|(_, t)| t.words.len());
    let (language, probability, model) = match speaking {
        Some((_, t)) => (t.language.clone(), t.language_probability, t.model.clone()),
        None => ("und".to_string(), 0.0, "none".to_string()),
    };
    let mut chunks: Vec<Vec<Word>> = Vec::new();
    for (offset, transcript) in &stretches {
        for segment in &transcript.segments {
            let words = &transcript.words[segment.first_word..segment.first_word + segment.word_count];
            chunks.push(
                words
                    .iter()
                    .map(|w| Word {
                        start: w.start + offset,
                        end: w.end + offset,
                        ..w.clone()
                    })
                    .collect(),
            );
        }
    }
    Transcript::assemble(language, probability, duration, model, chunks)
}

/// The loudness and pitch track of the whole input (moments and the speaker finder read
/// it; the job cuts its stretches in its pauses).
pub async fn track(job: &ClipJob<'_>, source: &Source) -> Result<FrameTrack, ClippingError> {
    if !source.has_audio {
        return Ok(FrameTrack::default());
    }
    Ok(reelcut_moments::acoustics::track_file(
        job.processes,
        &job.settings.media.ffmpeg,
        job.input,
        Some(source.duration_seconds),
        job.cancel.clone(),
    )
    .await?)
}

/// The moments of a talk heard whole.
pub async fn choose(job: &ClipJob<'_>, source: &Source, heard: &Heard) -> Result<Moments, ClippingError> {
    Ok(stages::choose(job, source, heard).await?.0)
}

/// Faces and speaker inside moment `index`'s window (1-based, the clip's number), its
/// camera path, and its render into `job.out_dir` (`clip-NN.mp4`, `.jpg`, `.srt`, `.vtt`).
pub async fn clip(
    job: &ClipJob<'_>,
    source: &Source,
    heard: &Heard,
    moment: &Moment,
    index: usize,
) -> Result<(ClipRecord, Seen), ClippingError> {
    std::fs::create_dir_all(job.out_dir).map_err(write_err(job.out_dir))?;
    let (mut looked, _) = stages::look(job, source, heard, std::slice::from_ref(moment)).await?;
    let looked = looked.pop().expect("one look per moment");
    let work = job.out_dir.join(format!(".work-{index:02}"));
    std::fs::create_dir_all(&work).map_err(write_err(&work))?;
    let record = stages::render_one(job, source, &heard.transcript, index, moment, &looked, &work).await;
    std::fs::remove_dir_all(&work).ok();
    Ok((record?, looked.seen))
}

/// Writes the run's files into `job.out_dir` — `clips.json`, `analysis.json`,
/// `index.html` — from its parts; the clips in index order.
pub fn finish(
    job: &ClipJob<'_>,
    source: Source,
    heard: &Heard,
    moments: &Moments,
    stages: Vec<StageTiming>,
    mut clips: Vec<(ClipRecord, Seen)>,
) -> Result<Manifest, ClippingError> {
    std::fs::create_dir_all(job.out_dir).map_err(write_err(job.out_dir))?;
    clips.sort_by_key(|(record, _)| record.index);
    let (records, seen): (Vec<_>, Vec<_>) = clips.into_iter().unzip();
    let manifest = crate::finished(job, source, &heard.transcript, moments, stages, records);
    crate::analysis::Analysis::new(heard.transcript.clone(), seen).write(job.out_dir)?;
    crate::write_manifest(&manifest, job.out_dir)?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(texts: &[(&str, f64, f64)]) -> Vec<Word> {
        texts
            .iter()
            .map(|&(text, start, end)| Word {
                text: text.into(),
                start,
                end,
                probability: 0.9,
            })
            .collect()
    }

    #[test]
    fn stretches_stitch_in_input_time_and_a_sentence_may_run_across_a_cut() {
        let first = Transcript::assemble(
            "en".into(),
            0.9,
            10.0,
            "m".into(),
            vec![words(&[("We", 9.0, 9.3), ("start", 9.4, 9.8)])],
        );
        let second = Transcript::assemble(
            "en".into(),
            0.8,
            10.0,
            "m".into(),
            vec![words(&[("here.", 0.1, 0.6), ("Then", 2.0, 2.3), ("more.", 2.4, 2.9)])],
        );
        let whole = stitch(vec![(10.0, second), (0.0, first)], 20.0);
        let times: Vec<_> = whole.words.iter().map(|w| (w.text.as_str(), w.start)).collect();
        assert_eq!(
            times,
            vec![("We", 9.0), ("start", 9.4), ("here.", 10.1), ("Then", 12.0), ("more.", 12.4)]
        );
        assert_eq!(whole.segments.len(), 2);
        assert_eq!(whole.sentences.len(), 2, "{:?}", whole.sentences);
        assert_eq!(whole.sentences[0].text, "We start here.");
        assert_eq!(whole.language, "en");
        assert_eq!(whole.duration, 20.0);
    }
}
