-- MedVault vault schema, version 3: retention.
-- A document may carry its own date after which it is purged; otherwise its
-- type's default period (days after it was added) applies. Dates and type
-- codes only: no content.

ALTER TABLE documents ADD COLUMN retain_until INTEGER;  -- Unix ms; NULL: the type's default, if any

CREATE TABLE retention_defaults (
    doc_type   TEXT PRIMARY KEY,
    days       INTEGER NOT NULL CHECK (days > 0),
    updated_at INTEGER NOT NULL
);
