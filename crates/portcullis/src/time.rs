//! Time-ordered ids and RFC 3339 timestamps from an injected clock.

use std::sync::atomic::{AtomicU64, Ordering};

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC with milliseconds
/// (`2026-11-30T20:07:50.123Z`).
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Makes UUIDv7 ids: 48 bits of milliseconds, then a per-process sequence and random bits, so
/// ids sort by time and never repeat within a process.
#[derive(Debug, Default)]
pub(crate) struct IdGen {
    last: AtomicU64,
}

impl IdGen {
    pub(crate) fn next(&self, now_ms: i64) -> String {
        let ms = u64::try_from(now_ms.max(0)).unwrap_or(0) & 0xFFFF_FFFF_FFFF;
        // Monotonic 12-bit counter within a millisecond, in the `rand_a` field.
        let stamp = ms << 12;
        let mut prev = self.last.load(Ordering::Relaxed);
        let value = loop {
            let candidate = if prev >= stamp { prev + 1 } else { stamp };
            match self.last.compare_exchange_weak(
                prev,
                candidate,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break candidate,
                Err(p) => prev = p,
            }
        };
        let ms_part = value >> 12;
        let seq = value & 0xFFF;
        let mut rnd = [0_u8; 8];
        // If the OS cannot give randomness, the time and sequence still make the id unique
        // within this process.
        let _ = getrandom::fill(&mut rnd);
        let r = u64::from_le_bytes(rnd) & 0x3FFF_FFFF_FFFF_FFFF;
        let hi = (ms_part << 16) | 0x7000 | seq;
        let lo = 0x8000_0000_0000_0000 | r;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xFFFF,
            hi & 0xFFFF,
            lo >> 48,
            lo & 0xFFFF_FFFF_FFFF
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_764_533_270_123), "2025-11-30T20:07:50.123Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn ids_are_uuid_v7_and_increase() {
        let g = IdGen::default();
        let a = g.next(1_764_533_270_123);
        let b = g.next(1_764_533_270_123);
        let c = g.next(1_764_533_270_124);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'7');
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert!(a < b && b < c, "{a} {b} {c}");
        assert!(a.starts_with("019ad660-f66b-7"), "{a}");
    }
}
