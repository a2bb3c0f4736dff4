//! Counters of mounted widgets, for the browser tests (they prove a disconnected element frees its
//! app, and a moved one is not mounted again). Not exported to JavaScript.

use std::cell::Cell;

thread_local! {
    static MOUNTED: Cell<usize> = const { Cell::new(0) };
    static MOUNTS: Cell<u64> = const { Cell::new(0) };
}

/// Widgets mounted right now, over all elements.
pub fn mounted_widgets() -> usize {
    MOUNTED.with(Cell::get)
}

/// Widgets mounted since the module started.
pub fn total_mounts() -> u64 {
    MOUNTS.with(Cell::get)
}

pub(crate) fn record_mount() {
    MOUNTED.with(|count| count.set(count.get() + 1));
    MOUNTS.with(|count| count.set(count.get() + 1));
}

pub(crate) fn record_unmount() {
    MOUNTED.with(|count| count.set(count.get().saturating_sub(1)));
}
