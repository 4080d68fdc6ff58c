//! Failed-login throttling: an increasing delay after each failure, and a
//! lockout after [`LOCKOUT_AFTER`] failures in a row.

use std::time::Duration;

/// Failures in a row after which the account is locked for a while.
pub const LOCKOUT_AFTER: i64 = 5;

/// The throttling policy.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    /// Delay after the first failure; doubles with each further one.
    pub base_delay: Duration,
    /// Upper bound of the delay.
    pub max_delay: Duration,
    /// How long a lockout lasts; doubles with each further lockout.
    pub lockout: Duration,
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            lockout: Duration::from_secs(15 * 60),
        }
    }
}

impl Throttle {
    /// The delay before answering the `failures`-th failure in a row.
    pub fn delay(&self, failures: i64) -> Duration {
        let exp = failures.clamp(1, 16) as u32 - 1;
        (self.base_delay * 2u32.pow(exp)).min(self.max_delay)
    }

    /// The lockout after `failures` in a row, if any.
    pub fn lockout_for(&self, failures: i64) -> Option<Duration> {
        if failures < LOCKOUT_AFTER {
            return None;
        }
        let extra = ((failures - LOCKOUT_AFTER) / LOCKOUT_AFTER).clamp(0, 6) as u32;
        Some(self.lockout * 2u32.pow(extra))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_cap_and_lockout_starts_at_the_limit() {
        let t = Throttle::default();
        assert_eq!(t.delay(1), Duration::from_millis(250));
        assert_eq!(t.delay(2), Duration::from_millis(500));
        assert_eq!(t.delay(10), Duration::from_secs(8));
        assert_eq!(t.lockout_for(LOCKOUT_AFTER - 1), None);
        assert_eq!(t.lockout_for(LOCKOUT_AFTER), Some(t.lockout));
        assert_eq!(t.lockout_for(2 * LOCKOUT_AFTER), Some(t.lockout * 2));
    }
}
