//! glibc's malloc set up for a command that builds large outlines and exits a moment later.
//!
//! Two costs of the default heap showed in measurements, both paid to the kernel:
//!
//! - glibc grows a heap (the main one, and each thread's) 128 KiB past each request, and gives
//!   a block past 128 KiB (a threshold that rises as such blocks are freed) its own mapping,
//!   unmapped when freed: the parse thread's heap grew by thousands of `mprotect` calls on a 6 MB
//!   policy. Heaps now grow 64 MiB at a time (address space: a page costs only once touched)
//!   and blocks up to 32 MiB come from the heap, where freed space is reused. A freed top of up
//!   to 64 MiB stays with the process until it exits.
//! - Memory is mapped a 4 KiB page at a time, each on its first touch: a diff of a 6 MB pair
//!   took 20,000 page faults, a fifth of its CPU time spent in the kernel. Transparent huge
//!   pages map 2 MiB at a fault, but where the system grants them only on request
//!   (`enabled = madvise`, a common default) glibc asks only under
//!   `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, which a program cannot set for itself once it
//!   runs. So the heaps are advised here much as that setting advises them: the main heap's
//!   first 64 MiB at start ([`tune_process`]; unlike glibc, not what it grows by later), each
//!   thread's heap as the thread starts ([`tune_thread`]). A thread's first 2 MiB were touched
//!   before it could advise them and stay in small pages: collapsing them into one huge page
//!   (`MADV_COLLAPSE`) cost a corpus diff more than it saved.
//!
//! Everything here is advice: a system that refuses it (another libc, no huge pages, an older
//! kernel) runs as it would have, only slower, and one set to `never` gets no huge page.

/// Sets malloc's growth and advises the main heap. Called first thing in `main`, before any
/// other thread exists; this overrides `MALLOC_TOP_PAD_` and `GLIBC_TUNABLES` settings of the
/// growth and the mapping threshold.
pub fn tune_process() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    growth::set();
    #[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
    huge_pages::advise_main_heap();
}

/// Advises the heap this thread allocates from. Called first thing on each thread policy-lint
/// starts ([`crate::threads`]).
pub fn tune_thread() {
    #[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
    huge_pages::advise_thread_heap();
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
}

#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
mod huge_pages {
    use std::hint::black_box;

    use libc::{c_void, madvise, malloc, sbrk};

    /// A transparent huge page (x86-64, and arm64 with 4 KiB pages).
    const HUGE_PAGE: usize = 2 << 20;
    /// A thread's heap: glibc reserves each at an address that is a multiple of its size
    /// (that is how `free` finds a block's heap), 64 MiB on 64-bit systems.
    const THREAD_HEAP: usize = 64 << 20;
    /// More than what the allocations before `main` leave of the main heap (132 KiB): a block
    /// this large makes malloc grow it.
    const MAIN_PROBE: usize = 256 << 10;
    /// A block larger than glibc's per-thread cache holds (1032 bytes): it comes from this
    /// thread's own heap, never from a block another thread freed here.
    const THREAD_PROBE: usize = 64 << 10;

    pub fn advise_main_heap() {
        // SAFETY: sbrk(0) only reads the program break. The probe is allocated and freed here,
        // never read or written. madvise with MADV_HUGEPAGE changes how pages of the range are
        // mapped, not what they hold; a range with unmapped parts is refused for those parts.
        unsafe {
            // The probe grows the main heap by 64 MiB past its old end, of which only the page
            // that records the heap's new top is touched: advised before the rest is mapped.
            let old_end = sbrk(0) as usize;
            libc::free(black_box(malloc(MAIN_PROBE)));
            let new_end = sbrk(0) as usize;
            let start = old_end.next_multiple_of(HUGE_PAGE);
            let end = new_end - new_end % HUGE_PAGE;
            if start < end && new_end != usize::MAX {
                madvise(start as *mut c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }

    pub fn advise_thread_heap() {
        // SAFETY: the probe is allocated and freed here, never read or written. The range
        // advised is the heap holding it (see THREAD_HEAP); madvise changes how its pages are
        // mapped, not what they hold.
        unsafe {
            let probe = black_box(malloc(THREAD_PROBE));
            if probe.is_null() {
                return;
            }
            let at = probe as usize;
            libc::free(probe);
            // The main heap (a thread gets it once there are as many heaps as glibc allows)
            // was advised at start, and is not a multiple of 64 MiB.
            if in_main_heap(at) {
                return;
            }
            let heap = (at - at % THREAD_HEAP) as *mut c_void;
            madvise(heap, THREAD_HEAP, libc::MADV_HUGEPAGE);
        }
    }

    /// Whether `at` lies between this program's own data and the program break: in the main
    /// heap, wherever the system lays out thread heaps.
    fn in_main_heap(at: usize) -> bool {
        static IN_THE_PROGRAM: u8 = 0;
        let floor = std::ptr::addr_of!(IN_THE_PROGRAM) as usize;
        // SAFETY: sbrk(0) only reads the program break.
        let end = unsafe { sbrk(0) } as usize;
        (floor..end).contains(&at)
    }
}

#[cfg(all(
    test,
    target_os = "linux",
    target_env = "gnu",
    target_pointer_width = "64"
))]
mod tests {
    use std::path::Path;

    use crate::threads;

    /// Whether the mapping holding `at` is advised for huge pages (`hg` among its flags).
    fn advised_for_huge_pages(at: usize) -> bool {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
        let mut holds_it = false;
        for line in smaps.lines() {
            let range = line
                .split_once(' ')
                .and_then(|(range, _)| range.split_once('-'));
            if let Some((from, to)) = range
                && let (Ok(from), Ok(to)) = (
                    usize::from_str_radix(from, 16),
                    usize::from_str_radix(to, 16),
                )
            {
                holds_it = (from..to).contains(&at);
            } else if holds_it && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.split_whitespace().any(|flag| flag == "hg");
            }
        }
        false
    }

    /// Whether a block allocated now, on this thread, lies in advised memory. 64 KiB: past the
    /// per-thread cache, under the size glibc maps on its own (128 KiB in a test).
    fn allocates_from_advised_memory() -> bool {
        let block = std::hint::black_box(vec![1u8; 64 << 10]);
        advised_for_huge_pages(block.as_ptr() as usize)
    }

    #[test]
    fn every_thread_started_here_allocates_from_memory_advised_for_huge_pages() {
        if !Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            return; // a kernel without them: nothing to advise
        }
        let spawned = threads::spawn(allocates_from_advised_memory).join().ok();
        let scoped = std::thread::scope(|scope| {
            threads::spawn_scoped(scope, allocates_from_advised_memory)
                .join()
                .ok()
        });
        assert_eq!((spawned, scoped), (Some(true), Some(true)));
        // Each worker of a batch, the first (started on this core) too.
        let mut advised = Vec::new();
        threads::for_each_in_order(
            &[0; 8],
            2,
            |_| allocates_from_advised_memory(),
            |_, each| advised.push(each),
        );
        assert_eq!(advised, [true; 8]);
    }
}
