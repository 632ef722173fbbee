//! "Did you mean …?": the closest known name to a misspelt one.

use std::sync::LazyLock;

use regex::Regex;

/// The candidate closest to `name`, if it is close enough to be what the user meant.
pub(super) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        // clap uses the same measure and threshold for its suggestions.
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or nothing.
pub(super) fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

/// A hint for serde's "unknown field `x`, expected one of `a`, `b`" and "unknown variant …"
/// messages: the first quoted name is the unknown one, the others are the candidates.
pub(super) fn for_serde_message(message: &str) -> Option<String> {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new("`([^`]*)`").expect("valid"));
    if !(message.starts_with("unknown field") || message.starts_with("unknown variant")) {
        return None;
    }
    let mut names = QUOTED.captures_iter(message).filter_map(|c| c.get(1));
    let unknown = names.next()?.as_str();
    let candidates: Vec<&str> = names.map(|m| m.as_str()).collect();
    closest(unknown, candidates).map(|c| format!(" (did you mean `{c}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(
            closest("purpse", ["purpose", "advertising"]),
            Some("purpose")
        );
        assert_eq!(closest("zzz", ["purpose", "advertising"]), None);
        assert_eq!(
            for_serde_message("unknown variant `eror`, expected one of `error`, `warning`, `info`"),
            Some(" (did you mean `error`?)".to_string())
        );
        assert_eq!(for_serde_message("invalid type: integer"), None);
    }
}
