//! Every flag, documented once: these doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Guards privacy-policy text: section-aware change detection, material-change alerts and
/// declarative rule checks.
///
/// Policies are read as plain text, Markdown or HTML and parsed into an outline of sections,
/// labelled items and sentences. Settings and rules come from `rules.toml` in the current folder
/// or the nearest parent (or `--config`).
///
/// Exit status: 0 clean, 1 findings or changes, 2 usage, configuration or I/O error.
#[derive(Debug, Parser)]
#[command(name = "policy-lint", version, max_term_width = 100)]
pub struct Cli {
    /// Use this rules.toml instead of the nearest one to the policies named (the folder of each
    /// and its parents; the new version's of `diff OLD NEW`), else to the current folder.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// When to colour output. `auto` honours NO_COLOR and CLICOLOR_FORCE, then CLICOLOR=0 and
    /// TERM=dumb, then whether standard output is a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Keep snapshots in this folder instead of `snapshots/` in the project root (the folder
    /// holding rules.toml, else the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,

    /// Refuse input files over this many bytes (overrides `max-file-size` under [outline] in
    /// rules.toml; default 64 MiB). Memory use follows the largest file read.
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_file_size: Option<u64>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Each command's arguments are made only for the command run (`defer`): making all of them
/// took 2 % of the instructions of a check of the seed notice.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Show the parsed structure of a policy: sections, their intros and labelled items.
    ///
    /// Use it to see what policy-lint sees before writing rules, or to check the heading and
    /// label heuristics (`[outline]` in rules.toml) on plain text.
    ///
    /// Example: policy-lint outline examples/privacy-notice.txt --format json
    Outline(OutlineArgs),

    /// Show every sentence of a policy with what the detectors read in it.
    ///
    /// The practice (collect, use, share, sell, retain), whether it is negated, the modal verb,
    /// and the data categories, purposes, recipients, rights, transfer mechanisms, quantities,
    /// contact details and data controllers named; whether the sentence states a purpose, is about advertising, or excludes
    /// identifying data. Negators, data categories and purpose phrases are marked, so a rule
    /// author sees why a rule fired.
    ///
    /// Example: policy-lint annotate examples/privacy-notice.txt --format json
    Annotate(OutlineArgs),

    /// Show what changed between two versions of a policy, section by section and item by item.
    ///
    /// With two files, compares them (any two formats: a .txt and a .md of the same text are
    /// equal). With one, compares it with its approved snapshot. Re-wrapping, quotes, spaces and
    /// markup are no change; a link whose target alone changed is a `link` change (`contact` for
    /// mailto:/tel:). Exit status: 0 no change, 1 changes, 2 error.
    ///
    /// Example: policy-lint diff old/privacy.md privacy.md --format json
    Diff(DiffArgs),

    /// Accept, inspect and review the approved snapshots of policies.
    ///
    /// A snapshot (snapshots/<policy path>.snap) holds the normalised outline of the approved
    /// text, one sentence per line, so its changes read well in `git diff` and code review.
    ///
    /// Example: policy-lint snapshot accept policies/privacy.md
    #[command(subcommand)]
    Snapshot(SnapshotCommand),

    /// Check policies: the rules of rules.toml, and each policy against its approved snapshot.
    ///
    /// The one command for pre-commit hooks and CI. With no PATH, checks the `paths` of
    /// `[settings]` in rules.toml and every policy that has a snapshot (one gone is an error on
    /// its snapshot; with --rules-only, the `paths` alone if there are any). Each finding is shown
    /// like a compiler error: the rule, the file, line and column, the text underlined, and how
    /// to fix it; a change not accepted into the snapshot (`snapshot-changed`) is followed by the
    /// change itself. Suppress a finding with `<!-- policy-lint: allow(RULE) -->` before the
    /// section or item (Markdown, HTML), or with `[[settings.ignore]]` in rules.toml.
    ///
    /// Exit status: 0 no error-level finding, 1 error-level findings or unaccepted changes, 2 a
    /// file or rules.toml could not be used. A policy that cannot be read (or a folder that
    /// holds none) is named on standard error and in the report (an annotation, a SARIF
    /// notification, a JUnit error, `failed` in json); the others are still checked and
    /// reported. A rules.toml that does not load is said in the report too (`error` in json).
    ///
    /// Example: policy-lint check policies/privacy.md --format sarif > policy-lint.sarif
    Check(CheckArgs),

    /// List the rules of rules.toml: id, kind, severity and message, what each looks for and
    /// where (in the words its findings use).
    ///
    /// Example: policy-lint rules --format json
    Rules(RulesArgs),

    /// Set a repository up: a starter rules.toml, a snapshots/ folder and a
    /// .pre-commit-config.yaml. Existing files are never overwritten without --force: an existing
    /// rules.toml stops it, an existing .pre-commit-config.yaml is kept and the hook to add to it
    /// printed. With
    /// --snapshots, the snapshot folder is that one, relative to the folder set up, and
    /// rules.toml names it.
    ///
    /// Example: policy-lint init && policy-lint snapshot accept policies/privacy.md
    Init(InitArgs),

    /// Print a shell completion script.
    ///
    /// Example: policy-lint completions bash > ~/.local/share/bash-completion/completions/policy-lint
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff) of policy-lint, or of one of its commands (the pages the
    /// SUBCOMMANDS section names: policy-lint-check(1) is `policy-lint man check`).
    ///
    /// Example: policy-lint man > policy-lint.1 && man ./policy-lint.1
    Man {
        /// A command, and a command of it: `check`, `snapshot review`.
        command: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Overwrite rules.toml and .pre-commit-config.yaml if they exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD NEW, or one policy to compare with its snapshot.
    #[arg(required = true, num_args = 1..=2, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format: `unified` is a unified diff of the normalised texts (each version as a
    /// snapshot holds it, one line per heading, label and sentence), not of the files: `patch`
    /// applies it to the old normalised text (a snapshot, past its header), not to a source
    /// file.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Unified,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SnapshotCommand {
    /// Write or refresh the snapshots of these policies (unchanged text keeps the same bytes).
    ///
    /// Example: policy-lint snapshot accept policies/privacy.md && git add snapshots/
    Accept {
        /// Policy files, or folders of them (searched as `check` searches them), inside the
        /// project root. If one cannot be read, no snapshot is written.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Tell for each policy whether its snapshot is new, unchanged or changed; without PATHs,
    /// every snapshot, including orphaned ones whose policy is gone. Exit 1 if any is not
    /// unchanged, 2 if one is damaged (listed with the others; accepting its policy repairs
    /// it).
    ///
    /// Example: policy-lint snapshot status
    Status {
        /// Policy files or folders of them to tell about (default: every snapshot).
        paths: Vec<PathBuf>,
    },
    /// Walk the pending snapshots (`check --update` writes them) one change at a time and
    /// accept, reject or skip each; the snapshot then holds exactly the accepted changes.
    /// Reads answers from the terminal unless --accept-all or --accept is given. A pending
    /// file that waits for skipped changes keeps the rejected ones as rejected: later reviews
    /// and --accept-all leave them out (`snapshot reject` drops the file and its answers).
    ///
    /// Example: `policy-lint check --update; policy-lint snapshot review` (`;`, not `&&`: `check`
    /// exits 1 when it finds changes to review).
    Review {
        /// Accept every pending change.
        #[arg(long, conflicts_with = "accept")]
        accept_all: bool,
        /// Accept the changes in sections whose heading contains this text (case-insensitive);
        /// leave the others pending. The text before the first heading is "before the first
        /// heading". A section that moved as part of a block accepts the whole block's move
        /// (the other sections in it move too). Repeatable.
        #[arg(long, value_name = "SECTION", value_parser = heading_text)]
        accept: Vec<String>,
    },
    /// Drop pending snapshots (of these policies, or all).
    ///
    /// Example: policy-lint snapshot reject policies/privacy.md
    Reject {
        /// Policy files whose pending snapshots to drop (default: every pending snapshot).
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// The policy file (.txt, .md, .html; other extensions are sniffed).
    pub path: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutlineFormat::Human)]
    pub format: OutlineFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Policy files, or folders searched for .md, .markdown, .txt, .html and .htm files
    /// (hidden ones, and those .gitignore or .ignore leave out, are skipped; a file named is
    /// checked). Default: `paths` in `[settings]` of rules.toml and the policies of all
    /// snapshots.
    pub paths: Vec<PathBuf>,

    /// Check the policies listed in FILE, one path a line (quoted as git quotes one, or not) or
    /// NUL-separated (`git ls-files -z`); `-`: standard input. Besides any PATH. Like a folder's files, those with a policy's
    /// extension are checked, none in the snapshot folder; an approved snapshot listed stands for its policy.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,

    /// Check this many files at once (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = jobs)]
    pub jobs: Option<std::num::NonZeroUsize>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Write a pending `<name>.snap.new` for each changed or new policy, for
    /// `policy-lint snapshot review` (also POLICY_LINT_UPDATE=new). Never when CI is set.
    #[arg(long, conflicts_with = "rules_only")]
    pub update: bool,

    /// Check the rules only: do not compare policies with their snapshots (for repositories
    /// that keep none, or to lint a draft outside the project).
    #[arg(long)]
    pub rules_only: bool,

    /// Also report every snapshot whose policy is gone (deleted, or renamed and its snapshot
    /// not), wherever it is; with no PATH, only those. For a pre-commit hook, which is given
    /// the files that still exist: a deleted or renamed policy then fails the commit too.
    #[arg(long, conflicts_with = "rules_only")]
    pub orphans: bool,

    /// Human output: error-level findings only, no warnings, notes or summary line.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Human output: also the rules.toml and snapshot folder used, each file's state (format,
    /// sections, items, snapshot) and the noise `[diff] ignore` left out of the comparison.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics shaped like rustc's.
    Human,
    /// `{ version, files: [ { path, findings, changes } ], summary }`, and `failed: [ { path,
    /// error } ]` if a file could not be checked (`error` if the run could check none).
    Json,
    /// One JSON object a line per file, as each is checked (the `files` entries of `json`): for
    /// thousands of files. A file that cannot be read is a line `{ path, error }`; the others are
    /// still checked, and the exit code is 2. A run that stops before checking any file (a
    /// rules.toml that does not load) writes one line, `{ error }`.
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request's diff.
    Github,
    /// JUnit XML: one test suite per policy, one test case per rule, for CI test reports.
    Junit,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutlineFormat::Human)]
    pub format: OutlineFormat,
}

/// Text a heading must contain: empty, every heading would (a script's unset variable would
/// accept every change).
fn heading_text(value: &str) -> Result<String, String> {
    match value.trim() {
        "" => Err("empty text is in every heading: give part of one, or use --accept-all".into()),
        _ => Ok(value.to_string()),
    }
}

/// `--jobs`: a count of one or more, said so in words a user reads.
fn jobs(value: &str) -> Result<std::num::NonZeroUsize, String> {
    match value.parse::<usize>() {
        Ok(n) => std::num::NonZeroUsize::new(n)
            .ok_or_else(|| "0 files at once would check none: give 1 or more".to_string()),
        Err(_) => Err("a whole number of files to check at once, 1 or more".to_string()),
    }
}
