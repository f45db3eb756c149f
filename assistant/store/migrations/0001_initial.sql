-- v1: interaction events, users, chat sessions and their turns.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    event TEXT NOT NULL,
    value REAL NOT NULL DEFAULT 1.0,
    timestamp REAL NOT NULL
);
CREATE INDEX events_user_time ON events (user_id, timestamp);
CREATE INDEX events_time ON events (timestamp);

CREATE TABLE users (
    user_id TEXT PRIMARY KEY,
    display_name TEXT,
    personalization INTEGER NOT NULL DEFAULT 1,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);

CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    started_at REAL NOT NULL,
    last_active REAL NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text TEXT NOT NULL,
    intent TEXT,
    sentiment TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL
);
CREATE INDEX turns_session ON turns (session_id, id);
CREATE INDEX turns_user ON turns (user_id);
CREATE INDEX turns_time ON turns (created_at);
