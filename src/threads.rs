//! Threads that start on a core of their own.
//!
//! On the two-core virtual machines policy-lint is measured on, Linux starts a new thread on the
//! core of the thread that spawned it and moves it only when it next balances the load, some
//! milliseconds later: two threads of 1 ms of work each took 2.1 ms, not 1.2. Most of
//! policy-lint's parallel work (the two versions of a policy parsed side by side, a diff's
//! sections compared in two halves) is over before then. So a thread spawned here first steps
//! off its spawner's core (where another core is allowed), then hands the scheduler back its
//! whole mask: it is free to move like any other thread, it only does not start where the work
//! it is meant to run beside runs.

use std::thread::{JoinHandle, Scope, ScopedJoinHandle};

/// [`std::thread::spawn`], starting on another core than this thread's.
pub fn spawn<T, F>(work: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let home = cores::current();
    std::thread::spawn(move || {
        cores::leave(home);
        work()
    })
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
    scope.spawn(move || {
        cores::leave(home);
        work()
    })
}

#[cfg(target_os = "linux")]
mod cores {
    use nix::sched::{CpuSet, sched_getaffinity, sched_getcpu, sched_setaffinity};
    use nix::unistd::Pid;

    /// The core this thread runs on, if the system says.
    pub fn current() -> Option<usize> {
        sched_getcpu().ok()
    }

    /// Moves this thread off `home` if it runs there and another core is allowed, then allows
    /// it every core it was allowed. Best effort: any refusal leaves the thread where it is.
    pub fn leave(home: Option<usize>) {
        let this = Pid::from_raw(0);
        let (Some(home), Ok(allowed)) = (home, sched_getaffinity(this)) else {
            return;
        };
        let mut elsewhere = allowed;
        if elsewhere.unset(home).is_err()
            || !(0..CpuSet::count()).any(|c| elsewhere.is_set(c).unwrap_or(false))
        {
            return;
        }
        if sched_setaffinity(this, &elsewhere).is_ok() {
            let _ = sched_setaffinity(this, &allowed);
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod cores {
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
}
