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
    /// Use this rules.toml instead of searching the current folder and its parents.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// When to colour output. `auto` honours NO_COLOR and CLICOLOR_FORCE, then whether standard
    /// output is a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the parsed structure of a policy: sections, their intros and labelled items.
    ///
    /// Use it to see what policy-lint sees before writing rules, or to check the heading and
    /// label heuristics (`[outline]` in rules.toml) on plain text.
    ///
    /// Example: policy-lint outline examples/privacy-notice.txt --format json
    Outline(OutlineArgs),

    /// Check policies against the rules of rules.toml.
    ///
    /// With no PATH, checks the `paths` of `[settings]` in rules.toml. Each finding is shown
    /// like a compiler error: the rule, the file, line and column, the text underlined, and how
    /// to fix it. Suppress a finding with `<!-- policy-lint: allow(RULE) -->` before the section
    /// or item (Markdown, HTML), or with `[[settings.ignore]]` in rules.toml.
    ///
    /// Exit status: 0 no error-level finding, 1 error-level findings, 2 a file or rules.toml
    /// could not be used.
    ///
    /// Example: policy-lint check policies/privacy.md --format json
    Check(CheckArgs),

    /// List the rules of rules.toml: id, kind, severity and message.
    ///
    /// Example: policy-lint rules --format json
    Rules(RulesArgs),

    /// Set a repository up: a starter rules.toml, a snapshots/ folder and a
    /// .pre-commit-config.yaml. Existing files are never overwritten without --force.
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

    /// Print the manual page (roff).
    ///
    /// Example: policy-lint man > policy-lint.1 && man ./policy-lint.1
    Man,
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
    /// Policy files, or folders searched for .md, .markdown, .txt, .html and .htm files.
    /// Default: `paths` in `[settings]` of rules.toml.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics shaped like rustc's.
    Human,
    /// `{ version, files: [ { path, findings, changes } ], summary }`.
    Json,
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
