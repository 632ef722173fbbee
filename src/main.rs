use std::process::ExitCode;

fn main() -> ExitCode {
    tune_allocator();
    policy_lint::cli::main()
}

/// glibc's malloc grows a heap (the main one, and each thread's) 128 KiB past each request, and
/// gives a block past 128 KiB (a threshold that rises as such blocks are freed) its own
/// mapping, unmapped when freed: a run that builds and frees many outlines, units and word
/// lists paid for that in system calls and page faults over and over (the parse thread's heap
/// grew by thousands of `mprotect` calls on a 6 MB policy). Heaps now grow 64 MiB at a time
/// (address space: a page costs only once touched) and blocks up to 32 MiB come from the
/// heap, where freed space is reused. A freed top of up to 64 MiB stays with the process until
/// it exits: fine for a command that runs for a moment. This overrides `MALLOC_TOP_PAD_` and
/// `GLIBC_TUNABLES` settings of the two.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    const GROW_BY: libc::c_int = 64 << 20;
    // glibc's largest on 64-bit systems (half its per-thread heap's size); 32-bit ones refuse
    // it and keep their default.
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
