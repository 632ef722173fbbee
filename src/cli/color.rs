//! When to colour output. The order, written down once: `--color always|never` wins; then
//! `NO_COLOR` (set and non-empty: off); then `CLICOLOR_FORCE` (set, non-empty, not "0": on);
//! then `CLICOLOR=0` or `TERM=dumb` (off); then colour only when standard output is a terminal
//! (for the messages on standard error: when standard error is one).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use super::args::ColorChoice;

/// Whether to colour, given the flag, the environment (`var`) and whether standard output is a
/// terminal.
pub fn enabled(choice: ColorChoice, var: impl Fn(&str) -> Option<String>, tty: bool) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else if set("CLICOLOR").is_some_and(|v| v == "0")
                || set("TERM").is_some_and(|t| t == "dumb")
            {
                false
            } else {
                tty
            }
        }
    }
}

/// Whether messages on standard error are coloured: set by [`apply`].
static STDERR_COLOURED: AtomicBool = AtomicBool::new(false);

/// Decides for standard output (the report) and standard error (the messages), each by
/// whether it is a terminal: `2>log` keeps no colour codes in the log.
pub fn apply(choice: ColorChoice) {
    let var = |name: &str| std::env::var(name).ok();
    let on = enabled(choice, var, std::io::stdout().is_terminal());
    colored::control::set_override(on);
    let on = enabled(choice, var, std::io::stderr().is_terminal());
    STDERR_COLOURED.store(on, Ordering::Relaxed);
}

/// Whether messages on standard error are coloured.
pub fn stderr_coloured() -> bool {
    STDERR_COLOURED.load(Ordering::Relaxed)
}

/// `word` in bold `colour` if messages on standard error are coloured: not by `colored`, whose
/// one switch follows standard output.
fn stderr_label(word: &str, colour: colored::Color) -> String {
    match stderr_coloured() {
        true => format!("\x1b[1;{}m{word}\x1b[0m", colour.to_fg_str()),
        false => word.to_string(),
    }
}

pub fn error_label() -> String {
    stderr_label("error", colored::Color::Red)
}

pub fn warning_label() -> String {
    stderr_label("warning", colored::Color::Yellow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment_beats_terminal() {
        use ColorChoice::*;
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                (pairs.iter())
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(enabled(Always, env(&[("NO_COLOR", "1")]), false));
        assert!(!enabled(Never, env(&[("CLICOLOR_FORCE", "1")]), true));
        let both = &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")];
        assert!(!enabled(Auto, env(both), true));
        let empty_no_color = &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")];
        assert!(enabled(Auto, env(empty_no_color), false));
        assert!(!enabled(Auto, env(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(enabled(Auto, env(&[]), true));
        assert!(!enabled(Auto, env(&[]), false));
        // A terminal that asks for none.
        assert!(!enabled(Auto, env(&[("CLICOLOR", "0")]), true));
        assert!(!enabled(Auto, env(&[("TERM", "dumb")]), true));
        assert!(enabled(Auto, env(&[("CLICOLOR", "1")]), true));
        let forced = &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")];
        assert!(enabled(Auto, env(forced), false));
    }
}
