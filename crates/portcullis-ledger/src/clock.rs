//! Time comes in through [`Clock`]; the only wall-clock read in the crate is [`SystemClock`].

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::LedgerError;

/// Where the ledger gets the time for entries and checkpoints (like rustls' `TimeProvider`).
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The system wall clock, in UTC with microsecond precision.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp::from_unix_micros(since.as_micros().try_into().unwrap_or(i64::MAX))
    }
}

/// A clock that always answers the same instant (tests, replays).
#[derive(Debug, Clone)]
pub struct FixedClock(Timestamp);

impl FixedClock {
    /// A clock stopped at `time`.
    pub fn new(time: Timestamp) -> FixedClock {
        FixedClock(time)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0.clone()
    }
}

/// An RFC 3339 UTC timestamp, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
///
/// Only the `Z` form is accepted, so equal instants written by different processes compare
/// equal as text and sort in time order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp(String);

impl Timestamp {
    /// Parses and checks an RFC 3339 UTC timestamp (code `invalid_time` on failure).
    pub fn parse(text: &str) -> Result<Timestamp, LedgerError> {
        if parse_parts(text).is_some() {
            Ok(Timestamp(text.to_owned()))
        } else {
            Err(LedgerError::encode(
                "invalid_time",
                format!("`{text}` is not an RFC 3339 UTC time like `2026-01-02T03:04:05.123456Z`"),
            ))
        }
    }

    /// The instant `micros` microseconds after the Unix epoch (negative: before it).
    pub fn from_unix_micros(micros: i64) -> Timestamp {
        let secs = micros.div_euclid(1_000_000);
        let frac = micros.rem_euclid(1_000_000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        Timestamp(format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{frac:06}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        ))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Nanoseconds since the Unix epoch (OTLP's `timeUnixNano`); `None` before 1970.
    pub fn unix_nanos(&self) -> Option<u64> {
        let p = parse_parts(&self.0)?;
        let days = days_from_civil(p.year, p.month, p.day);
        let secs = days * 86_400 + p.hour * 3600 + p.minute * 60 + p.second;
        let secs = u64::try_from(secs).ok()?;
        secs.checked_mul(1_000_000_000)?.checked_add(p.nanos)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Timestamp {
    type Error = LedgerError;
    fn try_from(s: String) -> Result<Timestamp, LedgerError> {
        Timestamp::parse(&s)
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.0
    }
}

struct Parts {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanos: u64,
}

fn parse_parts(text: &str) -> Option<Parts> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0_i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let sep = |at: usize, c: u8| b.get(at) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let p = Parts {
        year: num(0, 4)?,
        month: num(5, 2)?,
        day: num(8, 2)?,
        hour: num(11, 2)?,
        minute: num(14, 2)?,
        second: num(17, 2)?,
        nanos: 0,
    };
    let rest = b.get(19..)?;
    let nanos = match rest {
        [b'Z'] => 0,
        [b'.', frac @ .., b'Z'] if (1..=9).contains(&frac.len()) => {
            let mut n: u64 = 0;
            for c in frac {
                if !c.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + u64::from(c - b'0');
            }
            n * 10_u64.pow(9 - frac.len() as u32)
        }
        _ => return None,
    };
    let leap = p.year % 4 == 0 && (p.year % 100 != 0 || p.year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let max_day = *month_days.get(usize::try_from(p.month - 1).ok()?)?;
    let valid = (1..=max_day).contains(&p.day) && p.hour < 24 && p.minute < 60 && p.second < 61;
    valid.then_some(Parts { nanos, ..p })
}

// Howard Hinnant's civil calendar algorithms (public domain).
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

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        // 1_700_000_000 s = 2023-11-14T22:13:20Z (checked with `date -u -d @1700000000`).
        assert_eq!(
            Timestamp::from_unix_micros(1_700_000_000_123_456).as_str(),
            "2023-11-14T22:13:20.123456Z"
        );
        assert_eq!(
            Timestamp::from_unix_micros(0).as_str(),
            "1970-01-01T00:00:00.000000Z"
        );
        // 2000-02-29 (leap day) 00:00:00 = 951782400.
        assert_eq!(
            Timestamp::from_unix_micros(951_782_400_000_000).as_str(),
            "2000-02-29T00:00:00.000000Z"
        );
    }

    #[test]
    fn parses_and_converts_to_nanos() {
        let t = Timestamp::parse("2023-11-14T22:13:20.5Z").unwrap();
        assert_eq!(t.unix_nanos(), Some(1_700_000_000_500_000_000));
        let t = Timestamp::parse("1970-01-01T00:00:01Z").unwrap();
        assert_eq!(t.unix_nanos(), Some(1_000_000_000));
    }

    #[test]
    fn rejects_other_forms() {
        for bad in [
            "2023-11-14 22:13:20Z",
            "2023-11-14T22:13:20+00:00",
            "2023-11-14T22:13:20",
            "2023-02-29T00:00:00Z",
            "2023-13-01T00:00:00Z",
            "2023-11-14T24:00:00Z",
            "2023-11-14T22:13:20.Z",
            "2023-11-14T22:13:20.1234567890Z",
            "２023-11-14T22:13:20Z",
            "",
        ] {
            let err = Timestamp::parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_time", "{bad}");
        }
    }

    #[test]
    fn system_clock_gives_a_valid_timestamp() {
        let t = SystemClock.now();
        assert!(Timestamp::parse(t.as_str()).is_ok(), "{t}");
        assert!(t.as_str() > "2020");
    }
}
