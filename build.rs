//! Links the `policy-lint` executable at a fixed address on Linux.
//!
//! A position-independent executable is relocated by the dynamic loader at every start: for
//! this one, 24,000 pointers in tables (Unicode data, panic locations, vtables), which touch
//! 100-odd pages before `main`. A pre-commit run on one policy lasts a few milliseconds, and
//! those page faults were a twentieth of it. The code is still compiled position-independent;
//! only the final link of the executable is not, so the loader has nothing to relocate.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
