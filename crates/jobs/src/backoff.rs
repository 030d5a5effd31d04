//! The one back-off rule for everything that retries later (a failed job, a webhook
//! delivery): the base delay doubling with each attempt, capped.

/// Milliseconds to wait before retry number `attempt` (0 = the first retry).
pub fn delay_ms(base_ms: i64, attempt: i64, cap_ms: i64) -> i64 {
    let doubled = base_ms.max(1).saturating_mul(1i64 << attempt.clamp(0, 30));
    doubled.min(cap_ms)
}

#[cfg(test)]
mod tests {
    #[test]
    fn doubles_then_caps() {
        let delays: Vec<i64> = (0..5).map(|a| super::delay_ms(10_000, a, 60_000)).collect();
        assert_eq!(delays, [10_000, 20_000, 40_000, 60_000, 60_000]);
        assert_eq!(super::delay_ms(0, 0, 100), 1, "a zero base still waits");
        assert_eq!(super::delay_ms(1_000, 200, i64::MAX), 1_000 << 30, "no overflow");
    }
}
