use std::process::ExitCode;

fn main() -> ExitCode {
    tune_allocator();
    policy_lint::cli::main()
}

/// glibc's malloc grows a heap (the main one, and each thread's) by as little as each request
/// needs, and gives a block past 128 KiB its own mapping, unmapped when freed: a run that
/// builds and frees many outlines, units and word lists paid for it in system calls and page
/// faults, over and over (a tenth of diffing a policy of 20,000 sections, an eighth of a
/// corpus pair). Heaps now grow 64 MiB at a time (address space: a page costs only once it is
/// touched) and blocks up to 32 MiB come from the heap, where freed space is reused.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    const GROW_BY: libc::c_int = 64 << 20;
    // glibc's largest (half its per-thread heap's size).
    const MAP_PAST: libc::c_int = 32 << 20;
    // SAFETY: mallopt sets two of malloc's parameters; it takes malloc's own lock, touches no
    // memory of ours, and no other thread exists yet. A refusal (returns 0) leaves the default.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, GROW_BY);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_PAST);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
