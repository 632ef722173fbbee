//! Arbitrary text as rules.toml: an error or a config, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policy_lint::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Config::parse(Path::new("rules.toml"), text);
    }
});
