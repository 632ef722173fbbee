//! The numbering that opens a heading or label ("2.1.", "(a)", "IV."): what a renumbering
//! changes and a table of contents may leave out, read the same way by every stage.

/// A heading split into the numbering that opens it and the rest: ("2.1.", "Security"),
/// ("(a)", "Cookies"), ("", "A Note on Cookies").
pub fn split_numbering(heading: &str) -> (&str, &str) {
    let mut rest = heading.trim_start();
    loop {
        let token = rest.split(char::is_whitespace).next().unwrap_or_default();
        if token.is_empty() || !is_numbering(token) {
            break;
        }
        rest = rest[token.len()..].trim_start();
    }
    let opening = &heading[..heading.len() - rest.len()];
    (opening.trim(), rest)
}

/// A number of a list or an outline: numbers of up to three digits ("2", "2.1.", "(3)", "1\\."
/// escaped), and one letter or a short roman number marked as a number ("C.", "(iv)", "II.").
/// Not a year ("2024 Update"), nor "A" or "I" said as words.
fn is_numbering(token: &str) -> bool {
    let marked = token.contains(['.', ')']);
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphanumeric()).collect();
    let digit_runs_short = (token.split(|c: char| !c.is_ascii_digit())).all(|run| run.len() <= 3);
    match letters.as_slice() {
        [] => false,
        l if l.iter().all(char::is_ascii_digit) => digit_runs_short,
        [c] => marked && c.is_alphabetic(),
        l => {
            let roman = |upper: bool| {
                l.iter().all(|c| {
                    c.is_ascii_uppercase() == upper && "ivxlcdm".contains(c.to_ascii_lowercase())
                })
            };
            marked && l.len() <= 4 && (roman(true) || roman(false))
        }
    }
}
