-- MedVault vault schema, version 2: the ingest pipeline.
-- Each document records the pipeline step it has reached, so a crash or a
-- restart resumes where it stopped. Plain columns stay free of content: the
-- step, the format and type codes, counts, and a keyed hash of the original
-- (equal for equal files, meaningless without the vault's content key).

ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'done'
    CHECK (status IN ('received', 'stored', 'pages', 'text', 'classified', 'indexed', 'done', 'failed'));
ALTER TABLE documents ADD COLUMN failure TEXT;          -- why the pipeline stopped (no content)
ALTER TABLE documents ADD COLUMN content_hash BLOB;     -- HMAC-SHA256(content key, original)
ALTER TABLE documents ADD COLUMN format TEXT;           -- pdf, png, jpeg, tiff, text
ALTER TABLE documents ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN doc_type TEXT;         -- a type code such as lab_result_report
ALTER TABLE documents ADD COLUMN confidence REAL;

-- The same content is stored once among the documents that are not deleted.
CREATE UNIQUE INDEX documents_content ON documents(content_hash)
    WHERE deleted_at IS NULL AND content_hash IS NOT NULL;
-- The pipeline's queue: documents that have not reached the end.
CREATE INDEX documents_unfinished ON documents(status)
    WHERE status NOT IN ('done', 'failed');

-- Document types users add beside the built-in ones (codes only).
CREATE TABLE doc_types (
    code       TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);

-- Type corrections: the classifier of this vault learns from each one.
CREATE TABLE type_corrections (
    doc_id     INTEGER PRIMARY KEY REFERENCES documents(id),
    doc_type   TEXT NOT NULL,
    at         INTEGER NOT NULL
);
