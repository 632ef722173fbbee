//! glibc's malloc set up for a command that builds large outlines and exits a moment later.
//!
//! glibc grows a heap (the main one, and each thread's) 128 KiB past each request, and gives a
//! block past 128 KiB (a threshold that rises as such blocks are freed) its own mapping,
//! unmapped when freed: the parse thread's heap grew by thousands of `mprotect` calls on a 6 MB
//! policy. Heaps now grow 64 MiB at a time (address space: a page costs only once touched) and
//! blocks up to 32 MiB come from the heap, where freed space is reused. A freed top of up to 64
//! MiB stays with the process until it exits.
//!
//! Transparent huge pages are turned off for the process, on systems that give them unasked
//! (`enabled` set to `always`) too. They saved page faults in back-to-back runs, but
//! on virtual machines whose host takes back the memory a guest frees (free page reporting,
//! common in clouds), a huge page the process touches after a few idle seconds is one the host
//! must first supply again: a lone diff of a 6 MB pair took 0.70 s with them and 0.16 s
//! without (0.13 s with them when run again at once). A pre-commit hook or a CI job is such a
//! lone run.

/// Sets malloc's growth and turns transparent huge pages off. Called first thing in `main`, before any other thread exists; this
/// overrides `MALLOC_TOP_PAD_` and `GLIBC_TUNABLES` settings of the growth and the mapping
/// threshold.
pub fn tune_process() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        growth::set();
        growth::no_huge_pages();
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod growth {
    /// How far a heap grows past a request, and how much of a freed top it keeps.
    const GROW_BY: libc::c_int = 64 << 20;
    /// glibc's largest on 64-bit systems (half its per-thread heap's size); 32-bit ones refuse
    /// it and keep their default.
    const MAP_PAST: libc::c_int = 32 << 20;

    pub fn set() {
        // SAFETY: mallopt sets two of malloc's parameters; it takes malloc's own lock and
        // touches no memory of ours. A refusal (0) leaves the default.
        unsafe {
            libc::mallopt(libc::M_TOP_PAD, GROW_BY);
            libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_PAST);
        }
    }

    /// Kernels before 3.15 refuse the request, and then the system's setting holds.
    pub fn no_huge_pages() {
        // SAFETY: the request sets one flag of the process's own; it reads or writes no memory.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    #[test]
    fn the_process_asks_for_no_huge_pages() {
        super::tune_process();
        // SAFETY: a query of the process's own flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }
}
