-- One-time sign-ins a backend generated for a user (Descope's test-user OTP codes, magic and
-- enchanted links, and embedded links), kept as SHA-256 hashes of their secrets until used or
-- expired. An OTP code is stored as the hash of "<user id>:<code>".
CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- otp | magiclink | enchantedlink | embeddedlink
    kind TEXT NOT NULL,
    -- Enchanted links: the hash of the pendingRef the waiting page polls with, and whether the
    -- link was opened (its session not yet taken).
    pending_hash TEXT,
    verified INTEGER NOT NULL DEFAULT 0,
    expires BIGINT NOT NULL
);
CREATE INDEX sign_in_links_user ON sign_in_links (user_id, kind);
CREATE UNIQUE INDEX sign_in_links_pending ON sign_in_links (pending_hash);
CREATE INDEX sign_in_links_expires ON sign_in_links (expires);
