-- MedVault vault schema, version 1.
-- Plain columns hold only ids, timestamps, sizes, type codes and ciphertext.

-- Vault-wide settings (ids, numbers and flags only).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Local accounts. Users are disabled, never deleted, so the audit keeps naming them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'analyst', 'viewer')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,               -- unix ms
    created_at    INTEGER NOT NULL
);

-- Key slots, one per user (kind 'password') plus the recovery slot (kind
-- 'recovery'): an X25519 key pair whose secret is sealed under a key derived
-- from the password or recovery key, and the vault master key sealed to the
-- public key (NULL once revoked by a key rotation).
CREATE TABLE key_slots (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER UNIQUE REFERENCES users(id),
    kind          TEXT NOT NULL CHECK (kind IN ('password', 'recovery')),
    kdf           TEXT NOT NULL,         -- Argon2id parameters, JSON
    salt          BLOB NOT NULL,
    sealed_secret BLOB NOT NULL,
    public_key    BLOB NOT NULL,
    vmk_envelope  BLOB,
    created_at    INTEGER NOT NULL
);

-- Purpose keys (audit MAC and details, search index, content hash), each
-- random and sealed under the vault master key.
CREATE TABLE vault_keys (
    purpose    TEXT PRIMARY KEY,
    sealed     BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- Documents. Each has its own data key, sealed under the vault master key;
-- deleting a document erases the sealed key (crypto-shredding).
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    sealed_key BLOB,                     -- NULL once deleted
    meta       BLOB,                     -- sealed JSON: title, file name, tags, notes
    deleted_at INTEGER
);

-- The append-only audit log; each row's MAC covers its fields and the
-- previous row's MAC.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,          -- unix ms
    user_id   INTEGER REFERENCES users(id),
    user_name TEXT,
    action    TEXT NOT NULL,
    resource  TEXT,
    outcome   TEXT NOT NULL,
    details   BLOB,                      -- sealed when it holds content
    mac       BLOB NOT NULL
);

-- Events that happen before any key is available (failed logins): kept here
-- and chained into audit_log at the next successful unlock.
CREATE TABLE pending_audit (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id),
    action  TEXT NOT NULL,
    outcome TEXT NOT NULL
);
