//! The session severity state machine: `active → observe → cooldown` and back.
//!
//! Pure: time comes in as an argument. The *deny thresholds* per state are the engine's business;
//! this module only decides which state a session is in.

use portcullis_types::Severity;
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// Largest `observe_calls` / `cooldown_calls` accepted (bounds the remembered hits).
pub const MAX_ESCALATION_CALLS: u32 = 64;

/// Thresholds of the severity state machine.
///
/// Escalation: in `active`, `observe_calls` calls with risk ≥ `escalate_observe` within
/// `window_ms` move the session to `observe`; in `observe`, `cooldown_calls` calls with risk ≥
/// `escalate_cooldown` within `window_ms` move it to `cooldown`. Only calls since the last state
/// change count, so one burst cannot skip a state.
///
/// Decay (with hysteresis): after `quiet_ms` with no call of risk ≥ `quiet_risk` (and no state
/// change), the session steps down one state; another quiet period, another step. `quiet_risk`
/// is below `escalate_observe`, so calls in between neither escalate nor let the session calm
/// down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SeverityConfig {
    /// Risk at which a call counts towards `active → observe` (default 60).
    pub escalate_observe: u8,
    /// How many such calls within `window_ms` (default 2).
    pub observe_calls: u32,
    /// Risk at which a call counts towards `observe → cooldown` (default 80).
    pub escalate_cooldown: u8,
    /// How many such calls within `window_ms` (default 1).
    pub cooldown_calls: u32,
    /// Escalation window in milliseconds (default 10 minutes).
    pub window_ms: i64,
    /// Risk at or above which a call restarts the quiet period (default 40).
    pub quiet_risk: u8,
    /// Quiet period after which the state steps down once (default 15 minutes).
    pub quiet_ms: i64,
}

impl Default for SeverityConfig {
    fn default() -> SeverityConfig {
        SeverityConfig {
            escalate_observe: 60,
            observe_calls: 2,
            escalate_cooldown: 80,
            cooldown_calls: 1,
            window_ms: 10 * 60 * 1000,
            quiet_risk: 40,
            quiet_ms: 15 * 60 * 1000,
        }
    }
}

impl SeverityConfig {
    /// Checks that the thresholds make a sane state machine.
    pub fn validate(&self) -> Result<(), StoreError> {
        let bad = |detail: String| Err(StoreError::invalid("severity config", detail));
        if self.escalate_observe > 100 || self.escalate_cooldown > 100 || self.quiet_risk > 100 {
            return bad("risk thresholds must be between 0 and 100".into());
        }
        if self.quiet_risk > self.escalate_observe {
            return bad(format!(
                "quiet_risk `{}` must not exceed escalate_observe `{}` (hysteresis)",
                self.quiet_risk, self.escalate_observe
            ));
        }
        if self.escalate_observe > self.escalate_cooldown {
            return bad(format!(
                "escalate_observe `{}` must not exceed escalate_cooldown `{}`",
                self.escalate_observe, self.escalate_cooldown
            ));
        }
        for (name, n) in [
            ("observe_calls", self.observe_calls),
            ("cooldown_calls", self.cooldown_calls),
        ] {
            if n == 0 || n > MAX_ESCALATION_CALLS {
                return bad(format!(
                    "{name} `{n}` must be between 1 and {MAX_ESCALATION_CALLS}"
                ));
            }
        }
        if self.window_ms <= 0 || self.quiet_ms <= 0 {
            return bad(format!(
                "window_ms `{}` and quiet_ms `{}` must be positive",
                self.window_ms, self.quiet_ms
            ));
        }
        Ok(())
    }
}

/// One session's severity state, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityState {
    /// The state as of `since_ms` (decay not applied).
    pub level: Severity,
    /// When `level` was entered.
    pub since_ms: i64,
    /// Last call with risk ≥ `quiet_risk`.
    pub last_hot_ms: Option<i64>,
    /// Times of calls counted towards the next escalation (since `since_ms`, newest last, at
    /// most [`MAX_ESCALATION_CALLS`]).
    pub hits: Vec<i64>,
}

impl SeverityState {
    /// A fresh `active` state entered at `now_ms`.
    pub const fn new(now_ms: i64) -> SeverityState {
        SeverityState {
            level: Severity::Active,
            since_ms: now_ms,
            last_hot_ms: None,
            hits: Vec::new(),
        }
    }

    /// The state at `now_ms`: quiet-period decay applied.
    #[must_use]
    pub fn at(&self, cfg: &SeverityConfig, now_ms: i64) -> SeverityState {
        let mut next = self.clone();
        if next.level == Severity::Active || cfg.quiet_ms <= 0 {
            return next;
        }
        let quiet_start = next
            .last_hot_ms
            .map_or(next.since_ms, |h| h.max(next.since_ms));
        let quiet = now_ms.saturating_sub(quiet_start);
        if quiet < cfg.quiet_ms {
            return next;
        }
        let periods = quiet / cfg.quiet_ms;
        let mut stepped = 0_i64;
        while stepped < periods && next.level != Severity::Active {
            next.level = step_down(next.level);
            stepped += 1;
        }
        next.since_ms = quiet_start.saturating_add(stepped.saturating_mul(cfg.quiet_ms));
        next.hits.clear();
        next
    }

    /// The state after a counted call of `risk` at `now_ms` (decay applied first).
    #[must_use]
    pub fn record(&self, cfg: &SeverityConfig, now_ms: i64, risk: u8) -> SeverityState {
        let mut next = self.at(cfg, now_ms);
        if risk >= cfg.quiet_risk {
            next.last_hot_ms = Some(next.last_hot_ms.map_or(now_ms, |h| h.max(now_ms)));
        }
        let (threshold, needed, target) = match next.level {
            Severity::Active => (cfg.escalate_observe, cfg.observe_calls, Severity::Observe),
            Severity::Observe => (
                cfg.escalate_cooldown,
                cfg.cooldown_calls,
                Severity::Cooldown,
            ),
            Severity::Cooldown => return next,
        };
        if risk < threshold {
            return next;
        }
        next.hits.push(now_ms);
        next.hits
            .retain(|t| now_ms.saturating_sub(*t) < cfg.window_ms);
        let keep = needed.min(MAX_ESCALATION_CALLS) as usize;
        if next.hits.len() > keep {
            let drop = next.hits.len() - keep;
            next.hits.drain(..drop);
        }
        if next.hits.len() >= needed as usize {
            next.level = target;
            next.since_ms = now_ms;
            next.hits.clear();
        }
        next
    }
}

const fn step_down(level: Severity) -> Severity {
    match level {
        Severity::Cooldown => Severity::Observe,
        Severity::Observe | Severity::Active => Severity::Active,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn cfg() -> SeverityConfig {
        SeverityConfig::default()
    }

    #[test]
    fn defaults_are_valid_and_documented_values() {
        let c = cfg();
        c.validate().unwrap();
        assert_eq!((c.escalate_observe, c.observe_calls), (60, 2));
        assert_eq!((c.escalate_cooldown, c.cooldown_calls), (80, 1));
        assert_eq!(
            (c.window_ms, c.quiet_ms, c.quiet_risk),
            (10 * MIN, 15 * MIN, 40)
        );
    }

    #[test]
    fn invalid_configs_are_refused() {
        let c = SeverityConfig {
            quiet_risk: 70,
            ..cfg()
        };
        assert!(c.validate().unwrap_err().to_string().contains("hysteresis"));
        let c = SeverityConfig {
            observe_calls: 0,
            ..cfg()
        };
        assert!(c.validate().is_err());
        let c = SeverityConfig {
            escalate_observe: 90,
            ..cfg()
        };
        assert!(c.validate().is_err());
        let c = SeverityConfig {
            quiet_ms: 0,
            ..cfg()
        };
        assert!(c.validate().is_err());
    }

    #[test]
    fn one_risky_call_does_not_escalate_two_within_window_do() {
        let s = SeverityState::new(0).record(&cfg(), 0, 60);
        assert_eq!(s.level, Severity::Active);
        let s = s.record(&cfg(), 9 * MIN, 75);
        assert_eq!(s.level, Severity::Observe);
        assert_eq!(s.since_ms, 9 * MIN);
    }

    #[test]
    fn risky_calls_further_apart_than_window_do_not_escalate() {
        let s = SeverityState::new(0).record(&cfg(), 0, 90);
        let s = s.record(&cfg(), 10 * MIN, 90);
        assert_eq!(s.level, Severity::Active);
        // ...but the second and a third within the window do.
        let s = s.record(&cfg(), 11 * MIN, 90);
        assert_eq!(s.level, Severity::Observe);
    }

    #[test]
    fn burst_cannot_skip_observe() {
        // Two 95s escalate to observe; the burst that did so does not also count for cooldown.
        let s = SeverityState::new(0)
            .record(&cfg(), 0, 95)
            .record(&cfg(), 1, 95);
        assert_eq!(s.level, Severity::Observe);
        assert!(s.hits.is_empty());
        // A further 80 while observing → cooldown.
        let s = s.record(&cfg(), 2, 80);
        assert_eq!(s.level, Severity::Cooldown);
        // Nothing goes above cooldown.
        assert_eq!(s.record(&cfg(), 3, 100).level, Severity::Cooldown);
    }

    #[test]
    fn risk_between_thresholds_in_observe_does_not_escalate() {
        let s = SeverityState::new(0)
            .record(&cfg(), 0, 60)
            .record(&cfg(), 1, 60);
        let s = s.record(&cfg(), 2, 79);
        assert_eq!(s.level, Severity::Observe);
    }

    #[test]
    fn decays_one_step_per_quiet_period() {
        let s = SeverityState::new(0)
            .record(&cfg(), 0, 90)
            .record(&cfg(), 0, 90)
            .record(&cfg(), 0, 90);
        assert_eq!(s.level, Severity::Cooldown);
        assert_eq!(s.at(&cfg(), 15 * MIN - 1).level, Severity::Cooldown);
        assert_eq!(s.at(&cfg(), 15 * MIN).level, Severity::Observe);
        assert_eq!(s.at(&cfg(), 30 * MIN - 1).level, Severity::Observe);
        assert_eq!(s.at(&cfg(), 30 * MIN).level, Severity::Active);
        assert_eq!(s.at(&cfg(), 1_000 * MIN).level, Severity::Active);
    }

    #[test]
    fn hysteresis_medium_risk_blocks_decay_without_escalating() {
        let s = SeverityState::new(0)
            .record(&cfg(), 0, 60)
            .record(&cfg(), 0, 60);
        assert_eq!(s.level, Severity::Observe);
        // A 45 (≥ quiet_risk 40, < 80) at minute 10 restarts the quiet period.
        let s = s.record(&cfg(), 10 * MIN, 45);
        assert_eq!(s.level, Severity::Observe);
        assert_eq!(s.at(&cfg(), 24 * MIN).level, Severity::Observe);
        assert_eq!(s.at(&cfg(), 25 * MIN).level, Severity::Active);
        // A 39 does not restart it.
        let s = SeverityState::new(0)
            .record(&cfg(), 0, 60)
            .record(&cfg(), 0, 60);
        let s = s.record(&cfg(), 10 * MIN, 39);
        assert_eq!(s.at(&cfg(), 15 * MIN).level, Severity::Active);
    }

    #[test]
    fn after_decay_old_hits_do_not_count() {
        let s = SeverityState::new(0)
            .record(&cfg(), 0, 60)
            .record(&cfg(), 0, 60);
        let s = s.record(&cfg(), 20 * MIN, 10); // decays to active at minute 15
        assert_eq!(s.level, Severity::Active);
        let s = s.record(&cfg(), 20 * MIN, 60);
        assert_eq!(s.level, Severity::Active, "one fresh hit is not two");
        assert_eq!(s.record(&cfg(), 21 * MIN, 60).level, Severity::Observe);
    }

    #[test]
    fn clock_going_backwards_does_not_decay_or_panic() {
        let s = SeverityState::new(i64::MAX).record(&cfg(), i64::MAX, 90);
        let s = s.record(&cfg(), i64::MIN, 90);
        assert_eq!(s.at(&cfg(), i64::MIN).level, s.level);
        let s = SeverityState::new(i64::MIN)
            .record(&cfg(), i64::MIN, 90)
            .record(&cfg(), i64::MIN, 90);
        assert_eq!(s.level, Severity::Observe);
        assert_eq!(s.at(&cfg(), i64::MAX).level, Severity::Active);
    }

    #[test]
    fn hits_stay_bounded() {
        let c = SeverityConfig {
            observe_calls: 3,
            escalate_observe: 50,
            quiet_risk: 10,
            window_ms: 1,
            ..cfg()
        };
        let mut s = SeverityState::new(0);
        for t in 0..1_000 {
            s = s.record(&c, t * 10, 90);
            assert!(s.hits.len() <= 3);
        }
        assert_eq!(s.level, Severity::Active);
    }
}
