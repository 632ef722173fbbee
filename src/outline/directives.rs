//! Inline directives in Markdown and HTML comments: `<!-- policy-lint: allow(rule-id, …) -->`
//! before a section or an item suppresses those rules' findings in it.
//!
//! Comments are the same in both formats and the parsers drop them, so directives are read from
//! the source text and attached to the section or item that starts next (by byte offset).

use std::sync::LazyLock;

use regex::Regex;

use super::{Section, Source};

static ALLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*policy-lint:\s*allow\(([^)]*)\)\s*-->").expect("valid"));

/// Attaches every allow directive of `text` to the section or item that follows it; returns a
/// warning for each directive that is followed by neither.
pub(crate) fn attach_allows(source: &Source, sections: &mut [Section]) -> Vec<String> {
    let mut stray = Vec::new();
    // Most policies have none: no reason to compile the regex for them.
    if !source.text.contains("policy-lint:") {
        return stray;
    }
    for directive in ALLOW.captures_iter(&source.text) {
        let (Some(whole), Some(list)) = (directive.get(0), directive.get(1)) else {
            continue;
        };
        let rules = list
            .as_str()
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let after = whole.end();
        // The next node: a section heading or an item label, whichever starts first.
        let mut next: Option<(usize, usize, Option<usize>)> = None;
        for (s, section) in sections.iter().enumerate() {
            let heading = section.heading_span.start;
            if !section.heading.is_empty() && heading >= after && next.is_none_or(|n| heading < n.0)
            {
                next = Some((heading, s, None));
            }
            for (i, item) in section.items.iter().enumerate() {
                let label = item.label_span.start;
                if label >= after && next.is_none_or(|n| label < n.0) {
                    next = Some((label, s, Some(i)));
                }
            }
        }
        match next {
            Some((_, s, None)) => sections[s].allow.extend(rules),
            Some((_, s, Some(i))) => sections[s].items[i].allow.extend(rules),
            None => {
                let (line, column) = source.line_column(whole.start());
                stray.push(format!(
                    "{}:{line}:{column}: `{}` is followed by no section or item, so it allows nothing",
                    source.path.display(),
                    whole.as_str()
                ));
            }
        }
    }
    stray
}
