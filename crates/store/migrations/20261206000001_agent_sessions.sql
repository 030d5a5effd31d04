-- Video agent sessions (HeyGen v3 /v3/video-agents). A session holds the conversation
-- and the current storyboard; each video it produces is a job (kind video_agent) whose
-- parent_id is the session, so a session's videos and its state come from the jobs.
CREATE TABLE agent_sessions (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT,
    plan TEXT,
    messages TEXT NOT NULL,
    video_id TEXT,
    callback_url TEXT,
    callback_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX agent_sessions_workspace ON agent_sessions (workspace_id, id);

ALTER TABLE jobs ADD COLUMN parent_id TEXT;
CREATE INDEX jobs_parent ON jobs (parent_id);
