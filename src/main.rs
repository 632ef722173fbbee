use std::process::ExitCode;

fn main() -> ExitCode {
    policy_lint::heap::tune_process();
    policy_lint::cli::main()
}
