//! `portcullis bench`: replay a corpus in process and report latency percentiles.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, bail};
use portcullis::{Action, Effect, Guard};
use serde_json::json;

use crate::common::{PolicyArgs, read_input};

/// Measure decisions per second and latency on a corpus of actions, in process.
///
/// Every line of the input is parsed first (not timed); each repetition then times
/// `Guard::check` per call. Reports the median over repetitions of each statistic.
///
/// Example (the shared benchmark, side by side with edictum's harness):
///   portcullis bench --policy testdata/bench/edictum_bundle.yaml \
///       --input testdata/bench/corpus.jsonl --reps 3 --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    #[command(flatten)]
    policy: PolicyArgs,
    /// Keep session state in this file (every call is one store transaction); off by default.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Put every call in this session (with `--state`), instead of none.
    #[arg(long, value_name = "ID")]
    session: Option<String>,
    #[command(flatten)]
    audit: crate::common::AuditArgs,
    /// Actions, one JSON object per line.
    #[arg(
        long,
        short = 'i',
        value_name = "FILE",
        default_value = "testdata/bench/corpus.jsonl"
    )]
    input: PathBuf,
    /// Repetitions over the whole corpus.
    #[arg(long, default_value_t = 3)]
    reps: usize,
    /// Add N generated rules for other tools (to measure how cost grows with rule count).
    #[arg(long, value_name = "N", default_value_t = 0)]
    synthetic_rules: usize,
    /// Decide and record N calls at a time (`Guard::check_batch`: one ledger commit per
    /// batch); latency figures are then per call within a batch.
    #[arg(long, value_name = "N", default_value_t = 1)]
    batch: usize,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// N rules that never apply to the corpus tools: 90% exact tool names, 10% globs, each with a
/// regex test, so the index (not a scan) must keep them out of the way.
fn synthetic_policy(n: usize) -> String {
    let mut s = String::from(
        "apiVersion: portcullis/v1\nkind: Policy\ndefaults: {effect: allow}\nrules:\n",
    );
    for i in 0..n {
        let tool = if i % 10 == 9 {
            format!("\"svc{i}_*\"")
        } else {
            format!("st{i}")
        };
        let _ = writeln!(
            s,
            "- {{id: s{i}, tool: {tool}, when: {{args.command: {{matches: 'd{i}\\s+x'}}}}, then: {{effect: deny}}}}"
        );
    }
    s
}

fn percentile(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = ((q / 100.0 * sorted.len() as f64 + 0.5).round() as usize).clamp(1, sorted.len()) - 1;
    sorted.get(k).copied().unwrap_or(0) as f64 / 1000.0
}

/// CPU time of this thread in nanoseconds (Linux `schedstat`), for "per core" figures that do
/// not count time spent waiting for the disk or for other processes.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

pub(crate) fn run(a: Args) -> anyhow::Result<u8> {
    if a.reps == 0 {
        bail!("`--reps` must be at least 1");
    }
    let text = read_input(&a.input)?;
    let actions: Vec<Action> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| Action::from_json(l).with_context(|| format!("line {}", i + 1)))
        .collect::<anyhow::Result<_>>()?;
    if actions.is_empty() {
        bail!("`{}` has no actions", a.input.display());
    }
    let t0 = Instant::now();
    let mut policy = if a.synthetic_rules > 0 {
        let mut paths = a.policy.paths();
        let dir = std::env::temp_dir().join(format!("portcullis-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let p = dir.join("synthetic.yaml");
        std::fs::write(&p, synthetic_policy(a.synthetic_rules))?;
        paths.push(p);
        let pol = crate::common::load_policies(&paths);
        let _ = std::fs::remove_dir_all(&dir);
        pol?
    } else {
        a.policy.load()?
    };
    if let Some(m) = a.policy.mode() {
        policy.defaults.mode = m;
    }
    let rules = policy.rules.len();
    let sources = policy.sources.clone();
    let state = a.state.clone().map(portcullis::StateOption::File);
    let opts = crate::common::guard_options(&a.policy, state, Some(&a.audit), false);
    let guard: Guard = opts
        .build_with(policy)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let actions: Vec<Action> = match &a.session {
        Some(s) => actions
            .into_iter()
            .map(|mut act| {
                let mut p = act.principal.fields().clone();
                p.insert("session".into(), serde_json::Value::String(s.clone()));
                act.principal = portcullis::Principal::from_map(p).unwrap_or_default();
                act
            })
            .collect(),
        None => actions,
    };
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;

    // Warm-up: one pass (regex caches, allocator).
    for act in actions.iter().take(1000) {
        std::hint::black_box(guard.check(act));
    }
    let mut reps = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for rep in 0..a.reps {
        let mut lat = Vec::with_capacity(actions.len());
        let cpu0 = thread_cpu_ns();
        let start = Instant::now();
        for chunk in actions.chunks(a.batch.max(1)) {
            let t = Instant::now();
            let ds = if chunk.len() == 1 {
                chunk.iter().map(|act| guard.check(act)).collect()
            } else {
                guard.check_batch(chunk)
            };
            let per =
                u64::try_from(t.elapsed().as_nanos()).unwrap_or(u64::MAX) / chunk.len() as u64;
            for d in ds {
                lat.push(per);
                if rep == 0 {
                    *counts.entry(d.decision.as_str()).or_insert(0usize) += 1;
                }
                std::hint::black_box(d);
            }
        }
        let wall = start.elapsed().as_secs_f64();
        let cpu = match (cpu0, thread_cpu_ns()) {
            (Some(a), Some(b)) if b > a => Some((b - a) as f64 / 1e9),
            _ => None,
        };
        lat.sort_unstable();
        let mean = lat.iter().sum::<u64>() as f64 / lat.len() as f64 / 1000.0;
        reps.push(json!({
            "median_us": percentile(&lat, 50.0),
            "p90_us": percentile(&lat, 90.0),
            "p99_us": percentile(&lat, 99.0),
            "max_us": lat.last().copied().unwrap_or(0) as f64 / 1000.0,
            "mean_us": mean,
            "calls_per_s": lat.len() as f64 / wall,
            "calls_per_cpu_s": cpu.map(|c| lat.len() as f64 / c),
        }));
    }
    let stat = |k: &str| median(reps.iter().filter_map(|r| r[k].as_f64()).collect());
    let blocked: usize = counts
        .iter()
        .filter(|(k, _)| Effect::parse(k).is_some_and(|e| !e.is_allowed()))
        .map(|(_, v)| v)
        .sum();
    let report = json!({
        "engine": "portcullis",
        "version": env!("CARGO_PKG_VERSION"),
        "policy": sources,
        "rules": rules,
        "input": a.input.display().to_string(),
        "n": actions.len(),
        "reps": a.reps,
        "load_ms": load_ms,
        "median_us": stat("median_us"),
        "p90_us": stat("p90_us"),
        "p99_us": stat("p99_us"),
        "max_us": stat("max_us"),
        "mean_us": stat("mean_us"),
        "calls_per_s": stat("calls_per_s"),
        "calls_per_cpu_s": stat("calls_per_cpu_s"),
        "decisions": counts,
        "blocked": blocked,
        "state": a.state.as_ref().map(|p| p.display().to_string()),
        "ledger": a.audit.ledger.as_ref().map(|p| p.display().to_string()),
        "fsync": a.audit.fsync,
        "batch": a.batch,
        "per_rep": reps,
    });
    guard.flush().map_err(|e| anyhow::anyhow!("{e}"))?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if a.json {
        serde_json::to_writer(&mut w, &report)?;
        writeln!(w)?;
    } else {
        writeln!(
            w,
            "{} actions × {} reps, {} rules (policy loaded in {:.1} ms)\n  median {:.2} µs  p90 {:.2} µs  p99 {:.2} µs  max {:.1} µs\n  {:.0} decisions/s on one thread ({:.0} per CPU-second)\n  decisions: {}",
            actions.len(),
            a.reps,
            rules,
            load_ms,
            stat("median_us"),
            stat("p90_us"),
            stat("p99_us"),
            stat("max_us"),
            stat("calls_per_s"),
            stat("calls_per_cpu_s"),
            serde_json::to_string(&counts)?
        )?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis::Policy;

    #[test]
    fn synthetic_rules_load() {
        let p = Policy::from_yaml(&synthetic_policy(25), "s").unwrap();
        assert_eq!(p.rules.len(), 25);
    }

    #[test]
    fn percentiles_nearest_rank() {
        let v: Vec<u64> = (1..=100).map(|x| x * 1000).collect();
        assert!((percentile(&v, 50.0) - 50.0).abs() < 1.01);
        assert!((percentile(&v, 99.0) - 99.0).abs() < 1.01);
    }
}
