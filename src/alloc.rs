//! The allocator: mimalloc (the system allocator where mimalloc is not built), and in a
//! reading child a budget on the bytes held.
//!
//! Rows are allocated on reading threads and freed on others; glibc's malloc spent about a
//! sixth of a build in malloc/free and kept freed blocks resident (docs/performance.md).
//!
//! A reading child (`reading::child`) reads one file at a time under `max_memory_mb`: it
//! calls [`set_budget`], and from then on every allocation that would take the bytes held
//! past the budget fails. Rust then prints `memory allocation of N bytes failed` and aborts
//! the child, which costs that one file (the parent reports it as over the memory limit).
//! Counting bytes, unlike an address-space limit, holds on every OS and with mimalloc's
//! reservations. The parent never counts: one relaxed load per allocation decides.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[cfg(unix)]
use mimalloc::MiMalloc as Inner;
#[cfg(not(unix))]
use std::alloc::System as Inner;

pub struct Allocator;

static COUNTING: AtomicBool = AtomicBool::new(false);
static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static BUDGET: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Count from now on, and let the bytes held grow to at most `bytes` (a reading child only;
/// blocks allocated before this call are not counted, and their frees are not either).
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Release);
}

/// Bytes held now and the most held since [`reset_peak`] (0 when not counting).
pub fn held() -> (usize, usize) {
    (HELD.load(Ordering::Relaxed), PEAK.load(Ordering::Relaxed))
}

pub fn reset_peak() {
    PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// The budget, when one is set.
pub fn budget() -> Option<usize> {
    COUNTING
        .load(Ordering::Acquire)
        .then(|| BUDGET.load(Ordering::Relaxed))
}

/// Take `size` more bytes from the budget; false when that would go past it.
#[inline]
fn take(size: usize) -> bool {
    let before = HELD.fetch_add(size, Ordering::Relaxed);
    let now = before.saturating_add(size);
    if now > BUDGET.load(Ordering::Relaxed) {
        HELD.fetch_sub(size, Ordering::Relaxed);
        return false;
    }
    PEAK.fetch_max(now, Ordering::Relaxed);
    true
}

#[inline]
fn give(size: usize) {
    // Blocks made before counting started are freed without having been taken: never wrap.
    let _ = HELD.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |h| {
        Some(h.saturating_sub(size))
    });
}

#[inline]
fn counting() -> bool {
    COUNTING.load(Ordering::Relaxed)
}

// SAFETY: every call goes to the one inner allocator; the counting only decides whether a
// request is made at all, and a failed request returns null as `GlobalAlloc` allows.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() && !take(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = Inner.alloc(layout);
        if p.is_null() && counting() {
            give(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if counting() && !take(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = Inner.alloc_zeroed(layout);
        if p.is_null() && counting() {
            give(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Inner.dealloc(ptr, layout);
        if counting() {
            give(layout.size());
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !counting() {
            return Inner.realloc(ptr, layout, new_size);
        }
        let old = layout.size();
        if new_size > old && !take(new_size - old) {
            return std::ptr::null_mut();
        }
        let p = Inner.realloc(ptr, layout, new_size);
        if p.is_null() {
            if new_size > old {
                give(new_size - old);
            }
        } else if new_size < old {
            give(old - new_size);
        }
        p
    }
}
