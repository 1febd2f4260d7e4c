//! Keeping the resident memory near what is in use.
//!
//! The rows of each file are read on worker threads and then moved into one list. glibc's
//! malloc raises its mmap threshold each time a large block is freed, so after the first
//! files every later file's rows live in heap arenas that are never given back: the move
//! held two copies of every row (+40% peak memory at scale 10). A fixed threshold keeps
//! blocks of 128 KB and more (one file's rows) in their own mappings, returned to the system when freed.

/// Call once at start-up (glibc on Linux; elsewhere nothing to do).
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator; called before any
    // thread is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}
