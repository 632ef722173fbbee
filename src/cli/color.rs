//! When to colour output. The order, written down once: `--color always|never` wins; then
//! `NO_COLOR` (set and non-empty: off); then `CLICOLOR_FORCE` (set, non-empty, not "0": on);
//! then `CLICOLOR=0` or `TERM=dumb` (off); then colour only when standard output is a terminal.

use std::io::IsTerminal;

use colored::Colorize;

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

pub fn apply(choice: ColorChoice) {
    let on = enabled(
        choice,
        |name| std::env::var(name).ok(),
        std::io::stdout().is_terminal(),
    );
    colored::control::set_override(on);
}

pub fn error_label() -> String {
    "error".red().bold().to_string()
}

pub fn warning_label() -> String {
    "warning".yellow().bold().to_string()
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
