//! The command-line grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// MedVault: an encrypted, searchable vault for medical documents.
#[derive(Debug, Parser)]
#[command(name = "medvault", version, propagate_version = true)]
pub struct Cli {
    /// The vault folder (default: the vault in this user's data folder).
    #[arg(long, global = true, env = "MEDVAULT_DIR", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// The acting user, for commands that open the vault (give it before the
    /// subcommand: `medvault --user ann list`).
    #[arg(long, env = "MEDVAULT_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// Threads for OCR (default: all cores). Sets RTEN_NUM_THREADS and
    /// RAYON_NUM_THREADS for this process.
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,

    /// Read passwords from standard input, one per line: the acting user's
    /// first, then a new password where the command sets one. Otherwise they
    /// come from MEDVAULT_PASSWORD / MEDVAULT_NEW_PASSWORD or a prompt.
    #[arg(long, global = true)]
    pub password_stdin: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show where the vault is and whether it exists yet.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Create a vault with its first admin; prints the recovery key once.
    Init {
        /// The admin's user name.
        #[arg(long, value_name = "NAME")]
        admin: String,
        /// How dates that read both ways (05/04/2012) are read; `medvault
        /// settings` changes it later.
        #[arg(long, value_enum, default_value = "month-first")]
        date_order: DateOrderArg,
    },
    /// Manage users (admin; `passwd` for your own password: anyone).
    #[command(subcommand)]
    User(UserCmd),
    /// Read, verify and export the audit log (admin).
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Take files (and folders, recursively) into the vault: sealed, split
    /// into pages, read (text layer or OCR). One line per file: id, status,
    /// type, pages, file; exits 1 if any failed, after doing the rest.
    #[command(visible_alias = "add")]
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Tag every new document (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Title every new document.
        #[arg(long)]
        title: Option<String>,
        /// Print a JSON array of outcomes instead.
        #[arg(long)]
        json: bool,
        /// A folder with text-detection.onnx and text-recognition.onnx to use
        /// instead of the built-in OCR models.
        #[arg(long, value_name = "DIR")]
        models: Option<PathBuf>,
    },
    /// List documents.
    List {
        #[arg(long)]
        json: bool,
        /// Only documents of this type (e.g. lab_result_report).
        #[arg(long = "type", value_name = "TYPE")]
        doc_type: Option<String>,
    },
    /// Show one document's details.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
        /// Print the document's text (pages separated by a form feed).
        #[arg(long)]
        text: bool,
    },
    /// Write a document's decrypted original to a new file (`--out`), or
    /// export documents into an empty folder (`--folder`): originals, a
    /// searchable PDF of each scan, manifest.json and manifest.csv. Audited.
    Export {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
        #[arg(
            long,
            value_name = "PATH",
            conflicts_with = "folder",
            required_unless_present = "folder"
        )]
        out: Option<PathBuf>,
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// Delete a document: its key is destroyed and its files removed.
    Delete { id: i64 },
    /// Correct a document's type; the vault's classifier learns from it.
    SetType {
        id: i64,
        #[arg(value_name = "TYPE")]
        doc_type: String,
    },
    /// List the document types, or add one of the vault's own (admin).
    Types {
        /// A new type code to add (lowercase letters, digits, underscores).
        #[arg(long, value_name = "CODE")]
        add: Option<String>,
    },
    /// Write a backup of the whole vault to one file (admin): still sealed by
    /// the vault's keys, consistent while the vault is in use. `backup verify
    /// FILE` checks one without restoring it.
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        check: Option<BackupCmd>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup into a new vault folder (the --vault one), opened with
    /// an admin's password (--user) or the recovery key (--recovery).
    Restore {
        file: PathBuf,
        #[arg(long)]
        recovery: bool,
        #[arg(long)]
        json: bool,
    },
    /// Retention: what is past its date, purging it, dates and defaults.
    #[command(subcommand)]
    Retention(RetentionCmd),
    /// Search the documents. QUERY: words (all required), "phrases", prefix*,
    /// fuzzy~, OR, NOT or -word, parentheses, and fields type:, tag:,
    /// patient:, title:, date:2024-01..2024-06, added:2025.
    Search {
        query: String,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        /// An array of hits: id, file name, title, type, score, snippet.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the vault (admin).
    Reindex,
    /// Show the vault's settings; with options, change them (admin).
    Settings {
        /// How dates that read both ways (05/04/2012) are read when their
        /// document has none that reads one way only; every document's dates
        /// are read again.
        #[arg(long, value_enum)]
        date_order: Option<DateOrderArg>,
        /// Seconds without activity before a session locks (60 to 86400).
        #[arg(long, value_name = "SECS")]
        idle_timeout: Option<u64>,
        #[arg(long)]
        json: bool,
    },
    /// Replace the vault master key (admin): re-seals every data key, no
    /// document is re-encrypted; disabled users' access is revoked.
    RotateKey {
        #[arg(long)]
        json: bool,
    },
    /// Read the text of image files (PNG, JPEG, TIFF) on this machine; no vault needed.
    Ocr {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print pages, lines, words and boxes as JSON.
        #[arg(long)]
        json: bool,
        /// A folder with text-detection.onnx and text-recognition.onnx to use
        /// instead of the built-in models.
        #[arg(long, value_name = "DIR")]
        models: Option<PathBuf>,
    },
    /// Watch folders where scanners drop files; take each complete file through
    /// the pipeline and file it into processed/, failed/ or duplicates/. Runs
    /// until Ctrl-C; one line per file. Without DIR: the vault's watched
    /// folders (see `folders`), each with its own options.
    Watch {
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Seconds without changes before a file is taken.
        #[arg(long, default_value_t = 3.0, value_name = "SECS")]
        stability: f64,
        /// Seconds between safety rescans of every folder.
        #[arg(long, default_value_t = 300.0, value_name = "SECS")]
        rescan: f64,
        #[command(flatten)]
        options: FolderOptions,
    },
    /// The vault's watched folders, used by `watch` without DIR and by the app.
    #[command(subcommand)]
    Folders(FoldersCmd),
    /// Print the entities of a text as JSON (dates with their role, patient
    /// names); no vault needed. FILE is plain text or a PDF with a text
    /// layer, `-` reads standard input (e.g. from `medvault ocr scan.jpg`).
    Extract {
        #[arg(
            value_name = "FILE",
            required_unless_present = "text",
            conflicts_with = "text"
        )]
        file: Option<PathBuf>,
        #[arg(long)]
        text: Option<String>,
        /// How to read dates that read both ways (05/04/2012) when the text
        /// has none that reads one way only.
        #[arg(long, value_enum, default_value = "month-first")]
        date_order: DateOrderArg,
    },
    /// Classify texts: reads JSONL lines {"id","text"}, writes {"id","doc_type","confidence"}; no vault needed.
    Classify {
        #[arg(long, value_name = "FILE")]
        jsonl: PathBuf,
        /// A model file (from `train classify`) instead of the built-in one.
        #[arg(long, value_name = "PATH")]
        model: Option<PathBuf>,
    },
    /// Measure accuracy on labelled data.
    #[command(subcommand)]
    Eval(EvalCmd),
    /// Build models from labelled data.
    #[command(subcommand)]
    Train(TrainCmd),
    /// Measure performance beside a reference run in the same process.
    #[command(subcommand)]
    Bench(BenchCmd),
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Add a user (the new password: second stdin line, MEDVAULT_NEW_PASSWORD or a prompt).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List users.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Disable a user (users are never deleted; the audit keeps naming them).
    Disable { name: String },
    /// Re-enable a disabled user.
    Enable { name: String },
    /// Change a password: your own, or anyone's as admin.
    Passwd {
        name: String,
        /// Reset with the vault's recovery key instead of a user's password
        /// (MEDVAULT_RECOVERY_KEY or a prompt).
        #[arg(long)]
        recovery: bool,
    },
    /// Change a user's role.
    Role {
        name: String,
        #[arg(value_enum)]
        role: RoleArg,
    },
}

/// How one watched folder is handled.
#[derive(Debug, Args)]
pub struct FolderOptions {
    /// Poll instead of using file-system events (network shares).
    #[arg(long)]
    pub poll: bool,
    /// Only the top level of each folder.
    #[arg(long)]
    pub no_recursive: bool,
    /// Tag documents with the names of the subfolders they came from.
    #[arg(long)]
    pub subfolder_tags: bool,
    /// What to do with a file once its document is committed.
    #[arg(long, value_enum, default_value = "move")]
    pub after: AfterArg,
    /// What to do with a file already in the vault.
    #[arg(long, value_enum, default_value = "move")]
    pub duplicates: DuplicateArg,
}

#[derive(Debug, Subcommand)]
pub enum RetentionCmd {
    /// The documents past their retention date (managers and admins).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Purge every document past its date: without --yes, only lists them.
    Purge {
        #[arg(long)]
        yes: bool,
    },
    /// A document's own retention date (YYYY-MM-DD), or --type-default to
    /// fall back to its type's default.
    Set {
        id: i64,
        #[arg(long, value_name = "DATE", required_unless_present = "type_default")]
        until: Option<String>,
        #[arg(long, conflicts_with = "until")]
        type_default: bool,
    },
    /// A type's default retention in days after a document is added (admin);
    /// --clear removes it. Without options: every default.
    Default {
        #[arg(value_name = "TYPE")]
        doc_type: Option<String>,
        #[arg(long, requires = "doc_type")]
        days: Option<u32>,
        #[arg(long, requires = "doc_type", conflicts_with = "days")]
        clear: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Check every file's checksum, the seal (with an admin's password or
    /// --recovery) and the audit chain of a backup, keeping nothing.
    Verify {
        file: PathBuf,
        #[arg(long)]
        recovery: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FoldersCmd {
    /// List the watched folders and their options.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Watch a folder (admin); adding one already there replaces its options.
    Add {
        dir: PathBuf,
        #[command(flatten)]
        options: FolderOptions,
    },
    /// Stop watching a folder (admin).
    Remove { dir: PathBuf },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AfterArg {
    Move,
    Delete,
    Leave,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DuplicateArg {
    Move,
    Delete,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateOrderArg {
    /// 05/04/2012 is 4 May 2012 (as in the United States).
    MonthFirst,
    /// 05/04/2012 is 5 April 2012.
    DayFirst,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    Manager,
    Analyst,
    Viewer,
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check every row's MAC chain and the sealed head; exits 1 if anything is wrong.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// List audit rows.
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filter: AuditFilterArgs,
    },
    /// Export audit rows to a file.
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        filter: AuditFilterArgs,
    },
}

#[derive(Debug, Args)]
pub struct AuditFilterArgs {
    /// Only rows of this user.
    #[arg(long = "user", value_name = "USER")]
    pub user: Option<String>,
    /// Only rows of this action (e.g. login, document.view).
    #[arg(long)]
    pub action: Option<String>,
    /// Only rows on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// Train on one labelled JSONL file and report per-type precision,
    /// recall, F1 and the macro-F1 on another (or on a stratified hold-out
    /// of `--corpus`).
    Classify {
        #[arg(
            long,
            value_name = "FILE",
            requires = "test",
            conflicts_with = "corpus"
        )]
        train: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        test: Option<PathBuf>,
        /// One labelled file to split: `--holdout` of each type is tested.
        #[arg(long, value_name = "FILE")]
        corpus: Option<PathBuf>,
        #[arg(long, default_value_t = 0.2)]
        holdout: f64,
        /// Seeds of the splits (repeatable; the mean is reported too).
        #[arg(long = "seed", default_values_t = [1u64])]
        seeds: Vec<u64>,
        /// The SVM's cost parameter (default: the one the built-in model uses).
        #[arg(long = "c", value_name = "C")]
        cost: Option<f32>,
        /// Also classify the scanned pages of the test documents found here
        /// (`<id>.scan.jpg` with `<id>.gt.txt`, from make_pages.py): their
        /// OCR text beside their true text, with the same model.
        #[arg(long, value_name = "DIR", requires = "corpus")]
        pages: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// What learning from corrections does: train on part of `--corpus`,
    /// correct every wrong type in the first half of the rest, and score the
    /// second half beside the uncorrected model (see classify/learning.rs).
    Learn {
        #[arg(long, value_name = "FILE")]
        corpus: PathBuf,
        /// Leave this type out of training and teach it only by corrections
        /// (without it: the corpus's own labels, 40% streamed).
        #[arg(long, value_name = "TYPE")]
        new_type: Option<String>,
        /// Seeds of the splits and stream orders (repeatable; means reported).
        #[arg(long = "seed", default_values_t = [1u64])]
        seeds: Vec<u64>,
        #[arg(long)]
        json: bool,
    },
    /// Score entity extraction against hand-labelled documents (JSONL lines
    /// `{"id","text","labels"}`, as crates/medvault-core/tests/fixtures/entities):
    /// precision and recall per kind of entity.
    Extract {
        #[arg(
            long,
            default_value = "crates/medvault-core/tests/fixtures/entities/labelled.jsonl",
            value_name = "FILE"
        )]
        labels: PathBuf,
        /// How to read dates that read both ways (05/04/2012).
        #[arg(long, value_enum, default_value = "month-first")]
        date_order: DateOrderArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrainCmd {
    /// Train the document-type classifier on a labelled JSONL file and write the model.
    Classify {
        #[arg(long, value_name = "FILE")]
        corpus: PathBuf,
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// OCR every image in DIR, beside Tesseract (one thread each) on the same pages.
    Ocr {
        dir: PathBuf,
        /// Also write each engine's text here.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Skip the Tesseract reference.
        #[arg(long)]
        no_tesseract: bool,
        /// Working resolution: the long side, in pixels, pages are scaled to.
        #[arg(long, value_name = "PX")]
        long_side: Option<u32>,
        #[arg(long, value_name = "DIR")]
        models: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The ingest pipeline on text PDFs made from the corpus (documents per
    /// second, peak memory) and on scanned pages beside OCR alone on the same pages.
    Ingest {
        /// The labelled corpus the text PDFs are made from.
        #[arg(
            long,
            default_value = "../shared/corpus/dev.jsonl",
            value_name = "FILE"
        )]
        corpus: PathBuf,
        /// How many text PDFs.
        #[arg(long, default_value_t = 1000, value_name = "N")]
        text_pdfs: usize,
        /// A folder of `*.scan.jpg` pages (from make_pages.py); none: scans are skipped.
        #[arg(long, value_name = "DIR")]
        scans: Option<PathBuf>,
        /// How many scanned pages to take from it.
        #[arg(long, default_value_t = 100, value_name = "N")]
        scan_count: usize,
        #[arg(long, value_name = "DIR")]
        models: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Library pages (100 rows) in a real vault of N documents made from the
    /// corpus, in each order and filter the app offers, beside listing every
    /// document decrypted.
    Library {
        #[arg(
            long,
            default_value = "../shared/corpus/dev.jsonl",
            value_name = "FILE"
        )]
        corpus: PathBuf,
        #[arg(long, default_value_t = 10_000, value_name = "N")]
        docs: usize,
        #[arg(long, default_value_t = 20, value_name = "N")]
        rounds: usize,
        /// Make the vault here and keep it (user `bench`, password
        /// `bench-password-1`), e.g. to measure the app on it; a vault
        /// kept by an earlier run is measured again without refilling.
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Search on N varied documents made from the corpus: indexing rate,
    /// cold open, p50/p99 query latency, index size and memory, beside
    /// SQLite FTS5 on the same documents and queries.
    Search {
        #[arg(
            long,
            default_value = "../shared/corpus/dev.jsonl",
            value_name = "FILE"
        )]
        corpus: PathBuf,
        #[arg(long, default_value_t = 100_000, value_name = "N")]
        docs: usize,
        /// Times the query mix is run.
        #[arg(long, default_value_t = 20, value_name = "N")]
        rounds: usize,
        /// Also time searches through a real vault of this many documents
        /// (ingest pipeline, sealed snippets, audit row per search); 0: skip.
        #[arg(long, default_value_t = 0, value_name = "N")]
        vault_docs: usize,
        #[arg(long)]
        json: bool,
    },
    /// Unlock time, and seal/open throughput on 10 MB beside a plain file copy.
    Crypto {
        /// Repetitions (median reported).
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        #[arg(long)]
        json: bool,
    },
}
