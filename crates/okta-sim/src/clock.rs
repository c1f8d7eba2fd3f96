//! The emulator's single notion of "now", which the control API can shift to test clock skew.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Wall clock plus an offset in seconds set through `PUT /__sim/clock`.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_seconds: AtomicI64,
}

impl Clock {
    pub(crate) fn set_offset(&self, seconds: i64) {
        self.offset_seconds.store(seconds, Ordering::SeqCst);
    }

    pub(crate) fn offset(&self) -> i64 {
        self.offset_seconds.load(Ordering::SeqCst)
    }

    /// Returns the shifted current time, or the real time when the shift would overflow.
    pub(crate) fn now(&self) -> SystemTime {
        let offset = self.offset();
        let real = SystemTime::now();
        let shift = Duration::from_secs(offset.unsigned_abs());
        let shifted = if offset >= 0 {
            real.checked_add(shift)
        } else {
            real.checked_sub(shift)
        };
        shifted.unwrap_or(real)
    }

    /// Returns the shifted current time in whole seconds since the Unix epoch.
    pub(crate) fn now_secs(&self) -> i64 {
        let secs = self
            .now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0);
        i64::try_from(secs).unwrap_or(i64::MAX)
    }
}
