//! The command line: arguments, configuration discovery, and wiring the stages together.
//! Nothing else imports this module.

mod args;
mod check;
mod color;
mod diff;
mod init;
mod snapshots;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;

use crate::config::{Check, Config};
use crate::detect::Reader;
use crate::diff::Comparison;
use crate::diff::material::{self, ToHelper, Versions};
use crate::outline::{Document, OutlineSettings};
use crate::report;

pub use args::Cli;
use args::{Command, OutlineArgs, OutlineFormat, SnapshotCommand};

/// What a run found, mapped to the exit status in one place: 0 clean, 1 findings or changes,
/// 2 usage, configuration or I/O error.
pub enum Outcome {
    Clean,
    Found,
    /// A run that reported what it could, but not every file: why, said last (exit 2).
    Incomplete(String),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    color::apply(cli.color);
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Found) => ExitCode::from(1),
        Ok(Outcome::Incomplete(why)) => {
            let _ = writeln!(std::io::stderr(), "{}: {why}", color::error_label());
            ExitCode::from(2)
        }
        Err(err) => {
            // A closed pipe (`policy-lint … | head`) is not an error.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let rendered = err
                .downcast_ref::<crate::config::ConfigError>()
                .and_then(|e| {
                    report::check::config_error(
                        e,
                        color::stderr_coloured(),
                        check::terminal_width(),
                    )
                });
            match rendered {
                Some(diagnostic) => {
                    let _ = writeln!(std::io::stderr(), "{diagnostic}");
                }
                None => {
                    let _ = writeln!(std::io::stderr(), "{}: {err:#}", color::error_label());
                }
            }
            ExitCode::from(2)
        }
    }
}

/// Runs one command; `check` in a machine-readable format that fails prints a report that
/// says why.
pub fn run(cli: Cli) -> Result<Outcome> {
    let format = match &cli.command {
        Command::Check(a) => Some(a.format),
        _ => None,
    };
    let result = run_command(cli);
    // (Not when standard output is gone.)
    if let Some(format) = format
        && let Err(e) = &result
        && e.downcast_ref::<std::io::Error>()
            .is_none_or(|e| e.kind() != std::io::ErrorKind::BrokenPipe)
    {
        check::print_failed(format, e)?;
    }
    result
}

/// Runs one command: the whole work of a process, which keeps its configuration to the end
/// (it is not freed: see below).
fn run_command(cli: Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Init(args) => {
            if let Some(config) = &cli.config {
                bail!(
                    "{}: init writes rules.toml in the folder it sets up; --config is not used",
                    config.display()
                );
            }
            let setup = init::init(args, cli.snapshots.as_deref())?;
            for (verb, path) in &setup.done {
                println!("{verb} {}", path.display());
            }
            for warning in &setup.warnings {
                eprintln!("{}: {warning}", color::warning_label());
            }
            if let Some((config, entry)) = setup.hook_to_add {
                println!(
                    "\nTo run policy-lint on commits, add its hook to the `repos:` list of {}:\n\n{entry}",
                    config.display()
                );
            }
            return Ok(Outcome::Clean);
        }
        Command::Completions { shell } => {
            return init::completions(*shell).map(|()| Outcome::Clean);
        }
        Command::Man { command } => return init::man(command).map(|()| Outcome::Clean),
        Command::Outline(_)
        | Command::Annotate(_)
        | Command::Check(_)
        | Command::Rules(_)
        | Command::Diff(_)
        | Command::Snapshot(_) => {}
    }
    // A diff starts on another core while this one loads the configuration (see `diff::Early`).
    let early = match &cli.command {
        Command::Diff(args) => diff::Early::start(args, cli.max_file_size),
        _ => None,
    };
    // A list of policies is read first: their folders say which rules.toml applies.
    let listed = match &cli.command {
        Command::Check(args) => (args.files_from.as_deref())
            .map(check::listed_policies)
            .transpose()?
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let config_path = config_path(&cli, &listed)?;
    let mut config = match &config_path {
        Some(path) => Config::load(path)?,
        // No rules.toml: the starter rules apply, as `policy-lint init` would write them.
        None => Config::builtin()?,
    };
    config.outline = with_max_file_size(config.outline, cli.max_file_size);
    // Left for the process's exit to free: dropping its rules and lexicons was 1.4 % of the
    // instructions of a check of the seed notice.
    let config: &Config = Box::leak(Box::new(config));
    let workspace = || {
        snapshots::Workspace::new(
            (cli.config.as_deref(), config_path.as_deref()),
            cli.snapshots.as_deref(),
            cli.max_file_size,
            &config.settings.snapshots,
        )
    };
    match cli.command {
        Command::Outline(args) => outline(config, &args),
        Command::Annotate(args) => annotate(config, &args),
        Command::Diff(args) => diff::run(config, &workspace()?, &args, early),
        Command::Snapshot(command) => snapshots::run(config, &workspace()?, command),
        Command::Check(args) => check::check(config, &workspace()?, &args, listed),
        Command::Rules(args) => check::rules(config, &args),
        Command::Init(_) | Command::Completions { .. } | Command::Man { .. } => Ok(Outcome::Clean),
    }
}

/// `settings` with the limit of `--max-file-size`, if given.
fn with_max_file_size(
    mut settings: OutlineSettings,
    max_file_size: Option<u64>,
) -> OutlineSettings {
    if let Some(limit) = max_file_size {
        settings.max_file_size = limit;
    }
    settings
}

/// The rules.toml a run follows: `--config`, else the one nearest the policies the command
/// names or `listed` (all of them must share it), else the one nearest the current folder;
/// `None`: the built-in one. A hook run from the top of a repository on `legal/privacy.md` follows
/// `legal/rules.toml`, the project `policy-lint init legal` set up, and its snapshots.
fn config_path(cli: &Cli, listed: &[PathBuf]) -> Result<Option<PathBuf>> {
    if let Some(explicit) = &cli.config {
        return Ok(Some(explicit.clone()));
    }
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let here = Config::discover(&cwd);
    let mut chosen: Option<(&Path, Option<PathBuf>)> = None;
    // Looked for once a folder: a list names thousands of files in a few.
    let mut of_folder: std::collections::HashMap<PathBuf, Option<PathBuf>> = Default::default();
    let named = named_policies(&cli.command).into_iter();
    for policy in named.chain(listed.iter().map(PathBuf::as_path)) {
        let at = cwd.join(policy);
        let folder = match at.is_dir() {
            true => at,
            false => at.parent().map_or_else(|| cwd.clone(), Path::to_path_buf),
        };
        let found = (of_folder.entry(folder))
            .or_insert_with_key(|folder| Config::discover(folder).or_else(|| here.clone()))
            .clone();
        match &chosen {
            None => chosen = Some((policy, found)),
            Some((first, theirs)) if !same_file(theirs.as_deref(), found.as_deref()) => {
                let name = |config: Option<&Path>| {
                    config.map_or("the built-in rules".to_string(), |p| {
                        p.display().to_string()
                    })
                };
                bail!(
                    "{} follows {} but {} follows {}: check policies of different projects in \
                     separate runs, or name one rules.toml with --config",
                    first.display(),
                    name(theirs.as_deref()),
                    policy.display(),
                    name(found.as_deref()),
                );
            }
            Some(_) => {}
        }
    }
    Ok(chosen.map_or(here, |(_, found)| found))
}

/// The policies a command names, whose folders say which rules.toml applies: of `diff OLD
/// NEW`, the new version (the old one is often a copy taken anywhere). (Those of
/// `--files-from` are read apart.)
fn named_policies(command: &Command) -> Vec<&Path> {
    let paths: &[PathBuf] = match command {
        Command::Outline(args) | Command::Annotate(args) => std::slice::from_ref(&args.path),
        Command::Check(args) => &args.paths,
        Command::Diff(args) => args.paths.last().map(std::slice::from_ref).unwrap_or(&[]),
        Command::Snapshot(
            SnapshotCommand::Accept { paths }
            | SnapshotCommand::Status { paths }
            | SnapshotCommand::Reject { paths },
        ) => paths,
        Command::Snapshot(SnapshotCommand::Review { .. })
        | Command::Rules(_)
        | Command::Init(_)
        | Command::Completions { .. }
        | Command::Man { .. } => &[],
    };
    paths.iter().map(PathBuf::as_path).collect()
}

/// Whether two configurations are the same file (or both the built-in one).
fn same_file(a: Option<&Path>, b: Option<&Path>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a == b || (a.canonicalize().ok()).is_some_and(|a| b.canonicalize().ok() == Some(a))
        }
        (a, b) => a.is_none() && b.is_none(),
    }
}

pub(crate) fn open(path: &Path, config: &Config) -> Result<Document> {
    let doc = Document::open(path, &config.outline)?;
    for w in &doc.warnings {
        eprintln!("{}: {w}", color::warning_label());
    }
    Ok(doc)
}

fn outline(config: &Config, args: &OutlineArgs) -> Result<Outcome> {
    let doc = open(&args.path, config)?;
    let text = match args.format {
        OutlineFormat::Human => report::outline::human(&doc),
        OutlineFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report::outline::json(&doc))?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn annotate(config: &Config, args: &OutlineArgs) -> Result<Outcome> {
    let doc = open(&args.path, config)?;
    let reader = Reader::new(config);
    let sentences = report::annotate::sentences(&doc, |s| reader.read(s));
    let text = match args.format {
        OutlineFormat::Human => report::annotate::human(
            &doc,
            &sentences,
            colored::control::SHOULD_COLORIZE.should_colorize(),
        ),
        OutlineFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report::annotate::json(&doc, &sentences))?;
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// The material-change detectors that `change` rules of `config` turn on.
fn enabled_detectors(config: &Config) -> Vec<&'static str> {
    config
        .rules
        .iter()
        .filter_map(|r| match r.check {
            Check::Change { detector } => Some(detector.name()),
            _ => None,
        })
        .collect()
}

/// Fills the material changes of a comparison of two `versions`, with the detectors `config`
/// turns on (and the `helper` thread that reads ahead in them, if there is one).
pub(crate) fn mark_material(
    config: &Config,
    cmp: &mut Comparison,
    versions: &Versions,
    helper: Option<&ToHelper>,
) {
    material::mark(cmp, versions, &enabled_detectors(config), helper);
}
