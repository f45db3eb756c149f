-- v2: orders for the support-agent mode and explicit / inferred shopper profile facts.
CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    placed_at TEXT NOT NULL,
    items TEXT NOT NULL DEFAULT '[]',
    carrier TEXT,
    tracking TEXT,
    estimated_delivery TEXT,
    delivered_at TEXT
);
CREATE INDEX orders_user_placed ON orders (user_id, placed_at);

CREATE TABLE profile_facts (
    user_id TEXT NOT NULL,
    fact_key TEXT NOT NULL,
    fact_value TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('stated', 'inferred')),
    updated_at REAL NOT NULL,
    PRIMARY KEY (user_id, fact_key)
);
