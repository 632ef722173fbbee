//! Threads that start on a core of their own.
//!
//! On the two-core virtual machines policy-lint is measured on, Linux starts a new thread on the
//! core of the thread that spawned it and moves it only when it next balances the load, some
//! milliseconds later: two threads of 1 ms of work each took 2.1 ms, not 1.2. Most of
//! policy-lint's parallel work (the two versions of a policy parsed side by side, a diff's
//! sections compared in two halves) is over before then. So a thread spawned here starts off
//! its spawner's core (where another core is allowed), then has the scheduler given back its
//! whole mask: it is free to move like any other thread, it only does not start where the work
//! it is meant to run beside runs.
//!
//! A thread of [`spawn`] is moved by its spawner before it first runs; one of [`spawn_scoped`]
//! moves itself when it first runs (a scoped thread's handle does not give the spawner the
//! thread to move), which may be only when the spawner's core next switches tasks.
//!
//! [`map_in_parallel`] hands independent pieces of work (a diff's section pairs) to the cores
//! in chunks, their results kept in order, and [`map_parts`] splits them in one part a core
//! (sentences hashed into one list a part); [`for_each_in_order`] hands out work of unknown cost
//! (files to check, automata to compile) one item at a time and streams the results back in
//! order; [`on_threads`] runs work that shares itself out (a diff's changes to read).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::{JoinHandle, Scope, ScopedJoinHandle};

/// [`std::thread::spawn`], starting on another core than this thread's: this thread moves the
/// new one there before it first runs. Left to move itself, a new thread was queued on its
/// spawner's busy core until that core switched tasks: the thread that parses the old version
/// of a 60 KB pair for `diff` started 1.7 ms into the run at the median (3.0 ms at the 90th
/// percentile), 0.9 ms (2.3 ms) moved by its spawner.
pub fn spawn<T, F>(work: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let Some(away) = cores::Away::from_here() else {
        return std::thread::spawn(move || start(None, work));
    };
    let placed = Arc::new(AtomicBool::new(false));
    let waiting = Arc::clone(&placed);
    let thread = std::thread::spawn(move || {
        // Its spawner is between starting it and moving it: microseconds. (Given back its mask
        // before it was moved, the thread would stay on the cores it was moved to.)
        while !waiting.load(Ordering::Acquire) {
            std::thread::yield_now();
        }
        away.settle();
        work()
    });
    // SAFETY: the thread waits for `placed` before anything else: it has not ended.
    unsafe { away.place(&thread) };
    placed.store(true, Ordering::Release);
    thread
}

/// [`Scope::spawn`], starting on another core than this thread's.
pub fn spawn_scoped<'scope, T, F>(
    scope: &'scope Scope<'scope, '_>,
    work: F,
) -> ScopedJoinHandle<'scope, T>
where
    F: FnOnce() -> T + Send + 'scope,
    T: Send + 'scope,
{
    let home = cores::current();
    scope.spawn(move || start(home, work))
}

/// What a thread started here does first: it steps off `home`, its spawner's core (if known).
fn start<T>(home: Option<usize>, work: impl FnOnce() -> T) -> T {
    cores::leave(home);
    work()
}

/// The cores this process may use (1 if the system does not say).
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` of each item, in order, on up to every core, but no more threads than `min_weight` goes
/// into the items' total `weight` (starting a thread costs more than a light part saves). The
/// items go in contiguous chunks of about equal weight, [`CHUNKS_PER_THREAD`] a thread, each
/// taken by the next thread free: a thread that shares its core (with the diff's helper, say)
/// takes fewer. Taken so, the section pairs of a 6 MB pair made its diff 2 to 6 % faster than
/// in one part a thread (medians of 31 runs, alternating).
pub fn map_in_parallel<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    min_weight: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    match parts_worth_threads(items, weight, min_weight, CHUNKS_PER_THREAD) {
        Some((chunks, threads)) => map_in_chunks(items, chunks, threads, f),
        None => items.iter().map(f).collect(),
    }
}

/// How many chunks [`map_in_parallel`] makes a thread: enough for a thread slowed by half to
/// leave its share to the others, few enough that taking one costs nothing next to its work.
const CHUNKS_PER_THREAD: usize = 8;

/// `f` of each item of `chunks` (contiguous, in order, covering `items`), in order, on
/// `threads` threads (this one and more) that each take the next chunk not taken.
fn map_in_chunks<T: Sync, R: Send>(
    items: &[T],
    chunks: Vec<Range<usize>>,
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let done: Vec<Mutex<Vec<R>>> = chunks.iter().map(|_| Mutex::default()).collect();
    let next = AtomicUsize::new(0);
    on_threads(threads.saturating_sub(1), || {
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(range) = chunks.get(k) else { break };
            let results: Vec<R> = items[range.clone()].iter().map(&f).collect();
            *done[k].lock().unwrap_or_else(PoisonError::into_inner) = results;
        }
    });
    let mut out = Vec::with_capacity(items.len());
    for chunk in done {
        out.extend(chunk.into_inner().unwrap_or_else(PoisonError::into_inner));
    }
    out
}

/// `f` of each of up to one contiguous part of `items` a core (and of where in `items` it
/// starts), in order: parts of about equal `weight`, no more than `min_weight` goes into the
/// total (as [`map_in_parallel`] counts threads), for work done a part at a time (one list made
/// a part, not one an item).
pub fn map_parts<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    min_weight: usize,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    match parts_worth_threads(items, weight, min_weight, 1) {
        Some((parts, _)) => each_part(items, parts, f),
        None => vec![f(0, items)],
    }
}

/// The parts of about equal `weight` that [`map_in_parallel`] and [`map_parts`] split `items`
/// into, `per_thread` a thread, and the number of threads ([`threads_for`]); `None` if one
/// thread is all the work is worth.
fn parts_worth_threads<T>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    min_weight: usize,
    per_thread: usize,
) -> Option<(Vec<Range<usize>>, usize)> {
    // Summed first: most work asked about is worth one thread, and needs no list of weights.
    let total: usize = items.iter().map(&weight).sum();
    let threads = threads_for(total, min_weight);
    if threads < 2 {
        return None;
    }
    let weights: Vec<usize> = items.iter().map(weight).collect();
    Some((split(&weights, total, threads * per_thread), threads))
}

/// How many threads work of `total` weight is worth: one a core, but no more than `min_weight`
/// goes into `total` (starting a thread costs more than a light part saves), and at least one.
pub fn threads_for(total: usize, min_weight: usize) -> usize {
    match total / min_weight.max(1) {
        0 | 1 => 1,
        // Asking how many cores there are reads cgroup files: only when there is work to share.
        wanted => wanted.min(available_cores()),
    }
}

/// Runs `work` on this thread and on `extra` more (see [`spawn_scoped`]); returns when every
/// one has returned. The threads share the work themselves (an atomic index, say).
pub fn on_threads(extra: usize, work: impl Fn() + Sync) {
    if extra == 0 {
        return work();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = (0..extra).map(|_| spawn_scoped(scope, work)).collect();
        work();
        for other in others {
            other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
        }
    });
}

/// `f` of each part of `items` (and of where it starts), in order: the first part on this
/// thread, each other non-empty part on a thread of its own.
fn each_part<T: Sync, R: Send>(
    items: &[T],
    parts: Vec<Range<usize>>,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    let f = &f;
    let mut parts = parts.into_iter().map(|range| (range.start, &items[range]));
    let (start, first) = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = (parts.filter(|(_, part)| !part.is_empty()))
            .map(|(start, part)| spawn_scoped(scope, move || f(start, part)))
            .collect();
        let mut out = vec![f(start, first)];
        for part in others {
            out.push(part.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        out
    })
}

/// Runs `work` on every item with `jobs` threads and hands each result to `emit` in the order of
/// `items` (so output does not depend on timing). Threads from std, not rayon: one work queue
/// (an atomic index) and one channel are all this needs, and no dependency is added. A result
/// that arrives early waits for the ones before it; the channel is bounded so workers cannot run
/// far ahead of `emit`.
pub fn for_each_in_order<I: Sync, T: Send>(
    items: &[I],
    jobs: usize,
    work: impl Fn(&I) -> T + Sync,
    mut emit: impl FnMut(&I, T),
) {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        for item in items {
            emit(item, work(item));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::sync_channel::<(usize, T)>(jobs * 4);
    std::thread::scope(|scope| {
        for worker in 0..jobs {
            let send = send.clone();
            let (next, work) = (&next, &work);
            let job = move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if send.send((index, work(item))).is_err() {
                        break;
                    }
                }
            };
            // This thread only waits for results and hands them on: the first worker starts on
            // its core, the others step off it.
            match worker {
                0 => _ = scope.spawn(move || start(None, job)),
                _ => _ = spawn_scoped(scope, job),
            }
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (index, result) in receive {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&due) {
                emit(&items[due], result);
                due += 1;
            }
        }
    });
}

/// `parts` contiguous ranges covering `weights`, each ending where the running weight first
/// reaches its share of `total`.
fn split(weights: &[usize], total: usize, parts: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut running) = (0, 0u128);
    for (k, &w) in weights.iter().enumerate() {
        running += w as u128;
        let share = total as u128 * (ranges.len() + 1) as u128;
        if ranges.len() + 1 < parts && running * parts as u128 >= share {
            ranges.push(start..k + 1);
            start = k + 1;
        }
    }
    ranges.push(start..weights.len());
    ranges
}

#[cfg(target_os = "linux")]
mod cores {
    use std::os::unix::thread::JoinHandleExt;
    use std::thread::JoinHandle;

    // nix's own: the crate's `libc` dependency is for glibc only (src/heap.rs), this module is
    // for every Linux.
    use nix::libc;
    use nix::sched::{CpuSet, sched_getaffinity, sched_getcpu, sched_setaffinity};
    use nix::unistd::Pid;

    /// Where a thread spawned from this one starts: on the cores this one may use but the one
    /// it runs on.
    #[derive(Clone, Copy)]
    pub struct Away {
        allowed: CpuSet,
        elsewhere: CpuSet,
    }

    impl Away {
        /// `None` if the system does not say where this thread runs, or allows it no other
        /// core.
        pub fn from_here() -> Option<Away> {
            let home = sched_getcpu().ok()?;
            let allowed = sched_getaffinity(Pid::from_raw(0)).ok()?;
            let mut elsewhere = allowed;
            elsewhere.unset(home).ok()?;
            (elsewhere != CpuSet::new()).then_some(Away { allowed, elsewhere })
        }

        /// Moves `thread`, just spawned, off this thread's core. Best effort: a refusal leaves
        /// it where the system put it.
        ///
        /// # Safety
        ///
        /// `thread` must not have ended: glibc finds a thread by its kernel id, which is cleared
        /// when it ends, and a call with none moves the calling thread instead.
        pub unsafe fn place<T>(&self, thread: &JoinHandle<T>) {
            let set: *const CpuSet = &self.elsewhere;
            // SAFETY: the handle keeps the thread's descriptor until it is joined or detached
            // (which takes the handle), and the caller vouches that it has not ended; `CpuSet`
            // is a transparent wrapper around the `cpu_set_t` read, whose size is passed.
            unsafe {
                libc::pthread_setaffinity_np(
                    thread.as_pthread_t(),
                    std::mem::size_of::<CpuSet>(),
                    set.cast::<libc::cpu_set_t>(),
                );
            }
        }

        /// Gives the calling thread, once moved, every core its spawner was allowed. Best
        /// effort: refused (its cpuset changed in between), it stays on the cores it was moved
        /// to.
        pub fn settle(&self) {
            let _ = sched_setaffinity(Pid::from_raw(0), &self.allowed);
        }
    }

    /// The core this thread runs on, if the system says.
    pub fn current() -> Option<usize> {
        sched_getcpu().ok()
    }

    /// Moves this thread off `home` if it runs there and another core is allowed, then allows
    /// it every core it was allowed (those online now). Best effort: a refusal leaves the
    /// thread where it is, or, if only the second call is refused (its cpuset changed in
    /// between), on the cores other than `home`.
    pub fn leave(home: Option<usize>) {
        let this = Pid::from_raw(0);
        let Some(home) = home.filter(|&home| sched_getcpu() == Ok(home)) else {
            return;
        };
        let Ok(allowed) = sched_getaffinity(this) else {
            return;
        };
        let mut elsewhere = allowed;
        if elsewhere.unset(home).is_err() || elsewhere == CpuSet::new() {
            return;
        }
        if sched_setaffinity(this, &elsewhere).is_ok() {
            let _ = sched_setaffinity(this, &allowed);
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod cores {
    use std::thread::JoinHandle;

    /// Where a thread starts is left to the system.
    #[derive(Clone, Copy)]
    pub enum Away {}

    impl Away {
        pub fn from_here() -> Option<Away> {
            None
        }

        /// # Safety
        ///
        /// None needed: there is no value of this type.
        pub unsafe fn place<T>(&self, _thread: &JoinHandle<T>) {
            match *self {}
        }

        pub fn settle(&self) {
            match *self {}
        }
    }

    pub fn current() -> Option<usize> {
        None
    }

    pub fn leave(_home: Option<usize>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spawned_thread_runs_its_work_and_keeps_every_core_it_was_allowed() {
        #[cfg(target_os = "linux")]
        let allowed = || nix::sched::sched_getaffinity(nix::unistd::Pid::from_raw(0)).ok();
        #[cfg(not(target_os = "linux"))]
        let allowed = || Some(());
        let before = allowed();
        assert_eq!(
            spawn(move || (allowed(), 6 * 7)).join().ok(),
            Some((before, 42))
        );
        let scoped = std::thread::scope(|s| spawn_scoped(s, allowed).join().ok());
        assert_eq!(scoped, Some(before));
    }

    #[test]
    fn parts_share_the_weight_and_cover_every_item_once() {
        assert_eq!(split(&[1, 1, 1, 1], 4, 2), [0..2, 2..4]);
        // One heavy item makes a part of its own.
        assert_eq!(split(&[1, 10, 1, 1], 13, 2), [0..2, 2..4]);
        assert_eq!(split(&[10, 1, 1, 1], 13, 2), [0..1, 1..4]);
        assert_eq!(split(&[1, 1, 1], 3, 3), [0..1, 1..2, 2..3]);
        // More parts than the weight can fill leave the last ones empty, never an item out.
        assert_eq!(split(&[5], 5, 2), [0..1, 1..1]);
        assert_eq!(split(&[], 0, 2), vec![Range { start: 0, end: 0 }]);
    }

    #[test]
    fn work_of_unknown_cost_is_handed_on_in_the_items_order() {
        let items: Vec<u64> = (0..200).collect();
        for jobs in [1, 2, 7, 500] {
            let mut seen = Vec::new();
            // Early items take longest, so later results arrive first.
            let work = |&k: &u64| {
                std::thread::sleep(std::time::Duration::from_micros(200 - k));
                k * 3
            };
            for_each_in_order(&items, jobs, work, |&k, tripled| seen.push((k, tripled)));
            let expected: Vec<(u64, u64)> = items.iter().map(|&k| (k, k * 3)).collect();
            assert_eq!(seen, expected, "{jobs} jobs");
        }
        let mut none = 0;
        for_each_in_order(&[] as &[u8], 4, |_| (), |_, ()| none += 1);
        assert_eq!(none, 0);
    }

    #[test]
    fn a_thread_held_up_in_one_chunk_leaves_the_others_to_the_rest() {
        let items: Vec<usize> = (0..64).collect();
        // The first item alone, then chunks of four.
        let chunks: Vec<Range<usize>> = std::iter::once(0..1)
            .chain((0..16).map(|c| (c * 4).max(1)..c * 4 + 4))
            .collect();
        let done = AtomicUsize::new(0);
        // The first item waits until every other one is done: in parts fixed a thread, the
        // items after it in its part would never be.
        let work = |&k: &usize| {
            let waited = (k == 0).then(|| {
                let start = std::time::Instant::now();
                while done.load(Ordering::Acquire) < items.len() - 1 {
                    if start.elapsed() > std::time::Duration::from_secs(20) {
                        return false;
                    }
                    std::thread::yield_now();
                }
                true
            });
            done.fetch_add(1, Ordering::Release);
            waited.unwrap_or(true)
        };
        let all_done = map_in_chunks(&items, chunks, 2, work);
        assert_eq!(all_done, vec![true; items.len()]);
    }

    #[test]
    fn results_come_in_the_items_order() {
        let items: Vec<usize> = (0..1000).collect();
        let squares: Vec<usize> = items.iter().map(|k| k * k).collect();
        // On threads of their own whatever the machine, empty chunks included, more chunks
        // than threads or fewer.
        let chunks = || vec![0..300, 300..300, 300..999, 999..1000];
        for threads in [2, 3, 9] {
            assert_eq!(
                map_in_chunks(&items, chunks(), threads, |&k| k * k),
                squares
            );
        }
        assert_eq!(map_in_parallel(&items, |&k| k % 7, 1, |&k| k * k), squares);
        let alone = map_in_parallel(&items, |_| 1, usize::MAX, |&k| k + 1);
        assert_eq!(alone, items.iter().map(|k| k + 1).collect::<Vec<_>>());
        // A part at a time: the parts, in order, are the items, one part a core at most.
        let parts = map_parts(&items, |_| 1, 1, |start, part| (start, part.to_vec()));
        let starts: Vec<usize> = parts.iter().map(|(start, part)| part[0] - start).collect();
        assert_eq!(starts, vec![0; parts.len()]);
        let parts: Vec<Vec<usize>> = parts.into_iter().map(|(_, part)| part).collect();
        assert_eq!(parts.concat(), items);
        assert_eq!(parts.len(), available_cores().min(items.len()));
        assert_eq!(
            map_parts(&items, |_| 1, usize::MAX, |_, part| part.len()),
            [1000]
        );
    }
}
