-- MedVault vault schema, version 4: library.
-- The library's failed shelf is counted on every page; documents still in
-- the pipeline already have `documents_unfinished`.
CREATE INDEX documents_failed ON documents(status) WHERE status = 'failed';
