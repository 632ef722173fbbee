//! When to colour output. The order, written down once: `--color always|never` wins; then
//! `NO_COLOR` (set and non-empty: off); then `CLICOLOR_FORCE` (set, non-empty, not "0": on);
//! then colour only when standard output is a terminal.

use std::io::IsTerminal;

use colored::Colorize;

use super::args::ColorChoice;

pub fn enabled(
    choice: ColorChoice,
    no_color: Option<&str>,
    force: Option<&str>,
    tty: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if no_color.is_some_and(|v| !v.is_empty()) {
                false
            } else if force.is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                tty
            }
        }
    }
}

pub fn apply(choice: ColorChoice) {
    let no_color = std::env::var("NO_COLOR").ok();
    let force = std::env::var("CLICOLOR_FORCE").ok();
    let on = enabled(
        choice,
        no_color.as_deref(),
        force.as_deref(),
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
        assert!(enabled(Always, Some("1"), None, false));
        assert!(!enabled(Never, None, Some("1"), true));
        assert!(!enabled(Auto, Some("1"), Some("1"), true));
        assert!(enabled(Auto, Some(""), Some("1"), false));
        assert!(!enabled(Auto, None, Some("0"), false));
        assert!(enabled(Auto, None, None, true));
        assert!(!enabled(Auto, None, None, false));
    }
}
