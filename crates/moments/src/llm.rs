//! The optional second pass: an OpenAI-compatible chat model reranks the best
//! extractive candidates and rewrites their titles, hooks and reasons. It never moves a
//! cut (the boundaries stay sentence- and word-exact). Any failure — unreachable,
//! timeout, non-JSON, unknown ids — keeps the extractive result and says so in a note.

use std::time::Duration;

use reelcut_core::settings::LlmSettings;
use serde::Deserialize;
use serde_json::json;

use crate::{Moment, Moments};

/// Characters of each candidate's transcript shown to the model.
const TRANSCRIPT_CHARS: usize = 1200;

const INSTRUCTIONS: &str = "You are a senior short-form video editor. You get candidate clips cut from one long talk, \
each with an id, its time range, an automatic score and its transcript. Choose the clips a good editor would post: \
each must open on a hook in its first seconds, stand alone without the rest of the talk, and end on a payoff; \
no two chosen clips may make the same point. Reply with JSON only, in this shape: \
{\"clips\": [{\"id\": <candidate id>, \"score\": <0-100>, \"title\": <at most 9 words, specific, no clickbait>, \
\"hook_question\": <a question the clip answers>, \"hook_statement\": <one bold sentence from the clip's point>, \
\"reason\": <one line: why it works>}]} listing the chosen clips best first.";

#[derive(Debug, Deserialize)]
struct Reply {
    clips: Vec<Pick>,
}

#[derive(Debug, Deserialize)]
struct Pick {
    id: usize,
    score: Option<f32>,
    title: Option<String>,
    hook_question: Option<String>,
    hook_statement: Option<String>,
    reason: Option<String>,
}

/// Reranks `moments` with the model and keeps `keep` of them.
pub async fn refine(settings: &LlmSettings, mut moments: Moments, keep: usize) -> Moments {
    if moments.moments.is_empty() {
        return moments;
    }
    match ask(settings, &moments.moments).await {
        Ok(reply) => match apply(moments.moments.clone(), reply, keep) {
            Ok(chosen) => {
                moments.moments = chosen;
                moments.method = format!("llm:{}", settings.model);
                return moments;
            }
            Err(detail) => fall_back(&mut moments, settings, &detail),
        },
        Err(detail) => fall_back(&mut moments, settings, &detail),
    }
    moments.moments.truncate(keep);
    moments
}

fn fall_back(moments: &mut Moments, settings: &LlmSettings, detail: &str) {
    tracing::warn!(url = %settings.url, %detail, "LLM pass failed; keeping the extractive ranking");
    moments
        .notes
        .push(format!("the LLM pass failed ({detail}); the extractive ranking is used"));
}

async fn ask(settings: &LlmSettings, moments: &[Moment]) -> Result<Reply, String> {
    let url = format!("{}/v1/chat/completions", settings.url.trim_end_matches('/'));
    let listing: Vec<serde_json::Value> = moments
        .iter()
        .enumerate()
        .map(|(id, m)| {
            json!({
                "id": id,
                "start": m.start,
                "end": m.end,
                "duration_type": m.duration_type.as_str(),
                "score": m.virality_score,
                "transcript": m.transcript.chars().take(TRANSCRIPT_CHARS).collect::<String>(),
            })
        })
        .collect();
    let body = json!({
        "model": settings.model,
        "temperature": 0,
        "response_format": {"type": "json_object"},
        "messages": [
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": json!({"candidates": listing}).to_string()},
        ],
    });
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_s))
        .build()
        .map_err(|e| e.to_string())?;
    let mut call = client.post(&url).json(&body);
    if let Some(key) = &settings.api_key {
        call = call.bearer_auth(key);
    }
    let response = call.send().await.map_err(|e| {
        if e.is_timeout() {
            "timed out".to_string()
        } else {
            format!("unreachable: {e}")
        }
    })?;
    let status = response.status();
    let value: serde_json::Value = response.json().await.map_err(|e| format!("HTTP {status}, body is not JSON: {e}"))?;
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    let content = value["choices"][0]["message"]["content"]
        .as_str()
        .ok_or("no message content in the reply")?;
    parse_reply(content)
}

/// The JSON object in the model's message; models sometimes wrap it in a code fence.
fn parse_reply(content: &str) -> Result<Reply, String> {
    let start = content.find('{').ok_or("the reply holds no JSON object")?;
    let end = content.rfind('}').ok_or("the reply holds no JSON object")?;
    serde_json::from_str(&content[start..=end]).map_err(|e| format!("bad JSON from the model: {e}"))
}

fn apply(mut moments: Vec<Moment>, reply: Reply, keep: usize) -> Result<Vec<Moment>, String> {
    let mut chosen: Vec<Moment> = Vec::new();
    let mut used = vec![false; moments.len()];
    for pick in reply.clips {
        let Some(slot) = used.get_mut(pick.id) else {
            return Err(format!("the model chose candidate {} which does not exist", pick.id));
        };
        if std::mem::replace(slot, true) {
            continue;
        }
        let mut m = moments[pick.id].clone();
        if let Some(score) = pick.score.filter(|s| (0.0..=100.0).contains(s)) {
            // Half the model's judgement, half the measured sub-scores: the number stays explainable.
            m.virality_score = ((m.virality_score as f32 + score) / 2.0).round() as u8;
        }
        set_text(&mut m.title, pick.title);
        set_text(&mut m.hooks.question, pick.hook_question);
        set_text(&mut m.hooks.statement, pick.hook_statement);
        if let Some(reason) = pick.reason.filter(|r| !r.trim().is_empty()) {
            m.reason = format!("{} [measured: {}]", reason.trim(), m.reason);
        }
        chosen.push(m);
    }
    if chosen.is_empty() {
        return Err("the model chose no clip".into());
    }
    // Fill up from the extractive order if the model chose fewer than wanted.
    for (i, m) in moments.drain(..).enumerate() {
        if chosen.len() >= keep {
            break;
        }
        if !used[i] {
            chosen.push(m);
        }
    }
    chosen.truncate(keep);
    for (rank, m) in chosen.iter_mut().enumerate() {
        m.rank = rank + 1;
    }
    Ok(chosen)
}

fn set_text(field: &mut String, value: Option<String>) {
    if let Some(v) = value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
        *field = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fenced_json() {
        let r = parse_reply("```json\n{\"clips\": [{\"id\": 1, \"title\": \"x\"}]}\n```").unwrap();
        assert_eq!(r.clips[0].id, 1);
        assert!(parse_reply("I cannot help with that").is_err());
    }
}
