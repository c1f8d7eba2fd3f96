//! Rate limits: per-minute budgets per host and route group, and concurrent requests per Aerial
//! account.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::state::lock;

/// Values of the `X-Rate-Limit-*` headers of one response.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RateHeaders {
    pub(crate) limit: u64,
    pub(crate) remaining: u64,
    /// UTC epoch seconds when the budget resets.
    pub(crate) reset: i64,
}

#[derive(Debug)]
pub(crate) struct Limits {
    per_minute: u32,
    concurrency: usize,
    /// `(minute index, requests counted)` per bucket.
    windows: Mutex<HashMap<String, (i64, u32)>>,
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
}

/// Holds one concurrency slot of an account until dropped.
#[derive(Debug)]
pub(crate) struct ConcurrencySlot {
    account: String,
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for ConcurrencySlot {
    fn drop(&mut self) {
        let mut in_flight = lock(&self.in_flight);
        if let Some(count) = in_flight.get_mut(&self.account) {
            *count = count.saturating_sub(1);
        }
    }
}

impl Limits {
    pub(crate) fn new(per_minute: u32, concurrency: usize) -> Self {
        Self {
            per_minute,
            concurrency,
            windows: Mutex::new(HashMap::new()),
            in_flight: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Counts one request against the bucket's per-minute budget. `Err` carries the headers of
    /// the 429 when the budget is spent.
    pub(crate) fn count(&self, bucket: &str, now: i64) -> Result<RateHeaders, RateHeaders> {
        let minute = now.div_euclid(60);
        let mut windows = lock(&self.windows);
        let window = windows.entry(bucket.to_string()).or_insert((minute, 0));
        if window.0 != minute {
            *window = (minute, 0);
        }
        let limit = u64::from(self.per_minute);
        let reset = (minute + 1) * 60;
        if window.1 >= self.per_minute {
            return Err(RateHeaders {
                limit,
                remaining: 0,
                reset,
            });
        }
        window.1 += 1;
        Ok(RateHeaders {
            limit,
            remaining: limit - u64::from(window.1),
            reset,
        })
    }

    /// Takes a concurrency slot for an Aerial account, or `Err` with the headers of the 429
    /// when all slots are busy.
    pub(crate) fn enter(&self, account: &str, now: i64) -> Result<ConcurrencySlot, RateHeaders> {
        let mut in_flight = lock(&self.in_flight);
        let count = in_flight.entry(account.to_string()).or_insert(0);
        if *count >= self.concurrency {
            return Err(RateHeaders {
                limit: self.concurrency as u64,
                remaining: 0,
                reset: now + 1,
            });
        }
        *count += 1;
        Ok(ConcurrencySlot {
            account: account.to_string(),
            in_flight: Arc::clone(&self.in_flight),
        })
    }
}
