//! The command line: arguments, configuration discovery, and wiring the stages together.
//! Nothing else imports this module.

mod args;
mod color;
mod diff;
mod snapshots;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use crate::config::Config;
use crate::outline::Document;
use crate::report;

pub use args::Cli;
use args::{Command, OutlineArgs, OutlineFormat};

/// What a run found, mapped to the exit status in one place: 0 clean, 1 findings or changes,
/// 2 usage, configuration or I/O error.
pub enum Outcome {
    Clean,
    Found,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    color::apply(cli.color);
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Found) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`policy-lint … | head`) is not an error.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "{}: {err:#}", color::error_label());
            ExitCode::from(2)
        }
    }
}

pub fn run(cli: Cli) -> Result<Outcome> {
    let config = load_config(cli.config.as_deref())?;
    let workspace = || snapshots::Workspace::new(cli.config.as_deref(), cli.snapshots.as_deref());
    match cli.command {
        Command::Outline(args) => outline(&config, &args),
        Command::Diff(args) => diff::run(&config, &workspace()?, &args),
        Command::Snapshot(command) => snapshots::run(&config, &workspace()?, command),
        Command::Check(args) => snapshots::check(&config, &workspace()?, &args),
    }
}

/// The configuration named by `--config`, else the nearest `rules.toml`, else the defaults.
fn load_config(explicit: Option<&Path>) -> Result<Config> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            Config::discover(&cwd)
        }
    };
    match path {
        Some(p) => Ok(Config::load(&p)?),
        None => Ok(Config::default()),
    }
}

fn open(path: &Path, config: &Config) -> Result<Document> {
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
