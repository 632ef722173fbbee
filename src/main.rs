use std::process::ExitCode;

fn main() -> ExitCode {
    policy_lint::cli::main()
}
