//! The allocator: mimalloc for a run, the system allocator in a reading child.
//!
//! Rows are allocated on reading threads and freed on others; glibc's malloc spent about a
//! sixth of a build in malloc/free and kept freed blocks resident (docs/performance.md).
//! mimalloc, though, reserves address space ahead of use, so under the reading child's
//! `RLIMIT_AS` (`max_memory_mb`) it would read on past the limit. A child is told by its
//! environment (`isolate::CHILD_ENV`), looked up once, at the first allocation, before any
//! thread is started: the choice never changes in a process, so every block is freed by the
//! allocator that made it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, Ordering};

use mimalloc::MiMalloc;

pub struct Allocator;

const UNDECIDED: u8 = 0;
const SYSTEM: u8 = 1;
const MIMALLOC: u8 = 2;

static CHOICE: AtomicU8 = AtomicU8::new(UNDECIDED);

#[inline]
fn system() -> bool {
    match CHOICE.load(Ordering::Relaxed) {
        UNDECIDED => {
            // SAFETY: getenv reads the environment without allocating; the first allocation
            // happens before `main`, when no other thread can be changing the environment.
            let child = unsafe { !libc::getenv(c"GRIDREPORT_READ_CHILD".as_ptr()).is_null() };
            CHOICE.store(if child { SYSTEM } else { MIMALLOC }, Ordering::Relaxed);
            child
        }
        c => c == SYSTEM,
    }
}

// SAFETY: every call goes to one of two allocators, the same one for the whole process, so a
// block is always freed or grown by the allocator that made it.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if system() {
            System.alloc(layout)
        } else {
            MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if system() {
            System.alloc_zeroed(layout)
        } else {
            MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if system() {
            System.dealloc(ptr, layout)
        } else {
            MiMalloc.dealloc(ptr, layout)
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if system() {
            System.realloc(ptr, layout, new_size)
        } else {
            MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_child_variable_is_the_one_isolate_sets() {
        assert_eq!(
            c"GRIDREPORT_READ_CHILD".to_str().ok(),
            Some(crate::input::isolate::CHILD_ENV)
        );
    }
}
