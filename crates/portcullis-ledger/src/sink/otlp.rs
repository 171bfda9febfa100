//! OpenTelemetry export of decisions as log records: OTLP/HTTP with JSON encoding
//! (`ExportLogsServiceRequest` POSTed to `/v1/logs`).

use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

use super::http::{HttpUrl, post, valid_header};
use super::{AuditRecord, Counters, Sink, SinkStats};
use crate::LedgerError;
use crate::clock::{Clock, SystemClock, Timestamp};

/// Settings of an [`OtlpSink`].
#[derive(Debug, Clone)]
pub struct OtlpConfig {
    /// Collector URL, `http://host:port` (path defaults to `/v1/logs`). Plain HTTP only.
    pub endpoint: String,
    /// `service.name` resource attribute (default `portcullis`).
    pub service_name: String,
    /// Extra request headers (e.g. an API key).
    pub headers: Vec<(String, String)>,
    /// Records per request (default 128).
    pub batch_size: usize,
    /// Longest a record waits before its batch is sent (default 1 s).
    pub flush_interval: Duration,
    /// Connect, write and read timeout per request (default 2 s).
    pub timeout: Duration,
    /// Records queued at most; beyond that `emit` drops and counts (default 8192).
    pub queue_capacity: usize,
    /// Clock for `observedTimeUnixNano`.
    pub clock: Arc<dyn Clock>,
}

impl OtlpConfig {
    /// Defaults for `endpoint`.
    pub fn new(endpoint: impl Into<String>) -> OtlpConfig {
        OtlpConfig {
            endpoint: endpoint.into(),
            service_name: "portcullis".into(),
            headers: Vec::new(),
            batch_size: 128,
            flush_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(2),
            queue_capacity: 8192,
            clock: Arc::new(SystemClock),
        }
    }
}

enum Msg {
    Record(Box<AuditRecord>),
    Flush(mpsc::Sender<()>),
    Shutdown,
}

/// Exports each record as an OTLP log record, batched by a background thread.
///
/// `emit` never blocks: it queues, or drops and counts when the queue is full. Failed requests
/// are counted (`failed`) with the last error; nothing is retried.
pub struct OtlpSink {
    tx: SyncSender<Msg>,
    counters: Arc<Counters>,
    worker: Mutex<Option<JoinHandle<()>>>,
    timeout: Duration,
}

impl fmt::Debug for OtlpSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtlpSink").finish_non_exhaustive()
    }
}

impl OtlpSink {
    /// Checks the configuration and starts the exporter thread (codes `sink_url`, `sink_io`).
    pub fn new(config: OtlpConfig) -> Result<OtlpSink, LedgerError> {
        let url = HttpUrl::parse(&config.endpoint, "/v1/logs")
            .map_err(|m| LedgerError::sink("sink_url", m))?;
        if let Some((name, _)) = config.headers.iter().find(|(n, v)| !valid_header(n, v)) {
            return Err(LedgerError::sink(
                "sink_url",
                format!("invalid header `{name}`"),
            ));
        }
        let (tx, rx) = mpsc::sync_channel(config.queue_capacity.max(1));
        let counters = Arc::new(Counters::default());
        let worker = Worker {
            url,
            config: config.clone(),
            counters: Arc::clone(&counters),
        };
        let handle = std::thread::Builder::new()
            .name("portcullis-otlp".into())
            .spawn(move || worker.run(&rx))
            .map_err(|e| {
                LedgerError::sink("sink_io", format!("cannot start OTLP exporter: {e}"))
            })?;
        Ok(OtlpSink {
            tx,
            counters,
            worker: Mutex::new(Some(handle)),
            timeout: config.timeout,
        })
    }
}

impl Sink for OtlpSink {
    fn name(&self) -> &'static str {
        "otlp"
    }

    fn emit(&self, record: &AuditRecord) -> Result<(), LedgerError> {
        match self.tx.try_send(Msg::Record(Box::new(record.clone()))) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => {
                self.counters.dropped.fetch_add(1, Ordering::Relaxed);
                Err(LedgerError::sink(
                    "sink_full",
                    "OTLP export queue is full; record dropped".into(),
                ))
            }
            Err(TrySendError::Disconnected(_)) => Err(LedgerError::sink(
                "sink_closed",
                "OTLP exporter has stopped".into(),
            )),
        }
    }

    fn flush(&self) -> Result<(), LedgerError> {
        let (ack_tx, ack_rx) = mpsc::channel();
        self.tx
            .send(Msg::Flush(ack_tx))
            .map_err(|_| LedgerError::sink("sink_closed", "OTLP exporter has stopped".into()))?;
        // A flush may wait for one in-flight request plus the flush's own request.
        ack_rx
            .recv_timeout(self.timeout * 4 + Duration::from_secs(1))
            .map_err(|_| LedgerError::sink("sink_timeout", "OTLP flush timed out".into()))
    }

    fn stats(&self) -> SinkStats {
        self.counters.snapshot()
    }
}

impl Drop for OtlpSink {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Shutdown);
        if let Some(h) = self
            .worker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            let _ = h.join();
        }
    }
}

struct Worker {
    url: HttpUrl,
    config: OtlpConfig,
    counters: Arc<Counters>,
}

impl Worker {
    fn run(&self, rx: &mpsc::Receiver<Msg>) {
        let mut batch: Vec<AuditRecord> = Vec::with_capacity(self.config.batch_size);
        loop {
            match rx.recv_timeout(self.config.flush_interval) {
                Ok(Msg::Record(r)) => {
                    batch.push(*r);
                    if batch.len() >= self.config.batch_size.max(1) {
                        self.send(&mut batch);
                    }
                }
                Ok(Msg::Flush(ack)) => {
                    self.send(&mut batch);
                    let _ = ack.send(());
                }
                Ok(Msg::Shutdown) | Err(RecvTimeoutError::Disconnected) => {
                    self.send(&mut batch);
                    return;
                }
                Err(RecvTimeoutError::Timeout) => self.send(&mut batch),
            }
        }
    }

    fn send(&self, batch: &mut Vec<AuditRecord>) {
        if batch.is_empty() {
            return;
        }
        let n = batch.len() as u64;
        let observed = self.config.clock.now();
        let body = export_request(&self.config.service_name, batch, &observed);
        batch.clear();
        let body = serde_json::to_vec(&body).unwrap_or_default();
        match post(
            &self.url,
            "application/json",
            &self.config.headers,
            &body,
            self.config.timeout,
        ) {
            Ok(status) if (200..300).contains(&status) => {
                self.counters.delivered.fetch_add(n, Ordering::Relaxed);
            }
            Ok(status) => self
                .counters
                .fail(n, format!("OTLP collector answered HTTP {status}")),
            Err(e) => self.counters.fail(n, format!("OTLP export failed: {e}")),
        }
    }
}

/// The OTLP JSON `ExportLogsServiceRequest` for `records`.
pub(crate) fn export_request(
    service: &str,
    records: &[AuditRecord],
    observed: &Timestamp,
) -> Value {
    let observed = observed.unix_nanos().unwrap_or_default().to_string();
    let logs: Vec<Value> = records.iter().map(|r| log_record(r, &observed)).collect();
    json!({
        "resourceLogs": [{
            "resource": {"attributes": [string_attr("service.name", service)]},
            "scopeLogs": [{
                "scope": {"name": "portcullis-ledger", "version": env!("CARGO_PKG_VERSION")},
                "logRecords": logs,
            }],
        }],
    })
}

fn log_record(r: &AuditRecord, observed: &str) -> Value {
    let effect = r
        .decision_field("decision")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    let has_errors = r
        .decision_field("errors")
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty());
    // OTLP SeverityNumber: 9 INFO, 13 WARN, 17 ERROR.
    let (number, text) = match effect {
        _ if has_errors => (17, "ERROR"),
        "allow" => (9, "INFO"),
        "terminate" => (17, "ERROR"),
        _ => (13, "WARN"),
    };
    let time = r
        .decision_field("timestamp")
        .and_then(Value::as_str)
        .and_then(|t| Timestamp::parse(t).ok())
        .and_then(|t| t.unix_nanos())
        .map_or_else(|| observed.to_owned(), |n| n.to_string());
    let mut attrs = vec![string_attr("portcullis.decision", effect)];
    for (key, field) in [
        ("portcullis.decision_id", "decision_id"),
        ("portcullis.action_id", "action_id"),
        ("portcullis.reason", "reason"),
        ("portcullis.policy_hash", "policy_hash"),
        ("portcullis.mode", "mode"),
    ] {
        if let Some(v) = r.decision_field(field).and_then(Value::as_str) {
            attrs.push(string_attr(key, v));
        }
    }
    if let Some(tool) = r.tool() {
        attrs.push(string_attr("portcullis.tool", tool));
    }
    if let Some(v) = r.decision_field("enforced").and_then(Value::as_bool) {
        attrs.push(json!({"key": "portcullis.enforced", "value": {"boolValue": v}}));
    }
    if let Some(v) = r.decision_field("risk_score").and_then(Value::as_u64) {
        attrs.push(int_attr("portcullis.risk_score", v));
    }
    if let Some(ids) = r.decision_field("rule_ids").and_then(Value::as_array) {
        let values: Vec<Value> = ids
            .iter()
            .filter_map(Value::as_str)
            .map(|s| json!({"stringValue": s}))
            .collect();
        attrs.push(
            json!({"key": "portcullis.rule_ids", "value": {"arrayValue": {"values": values}}}),
        );
    }
    if let Some(ledger) = r.decision_field("ledger") {
        if let Some(seq) = ledger.get("seq").and_then(Value::as_u64) {
            attrs.push(int_attr("portcullis.ledger.seq", seq));
        }
        if let Some(hash) = ledger.get("hash").and_then(Value::as_str) {
            attrs.push(string_attr("portcullis.ledger.hash", hash));
        }
    }
    let body = serde_json::to_string(r.as_value()).unwrap_or_default();
    json!({
        "timeUnixNano": time,
        "observedTimeUnixNano": observed,
        "severityNumber": number,
        "severityText": text,
        "eventName": "portcullis.decision",
        "body": {"stringValue": body},
        "attributes": attrs,
    })
}

fn string_attr(key: &str, value: &str) -> Value {
    json!({"key": key, "value": {"stringValue": value}})
}

/// OTLP/JSON encodes 64-bit integers as decimal strings.
fn int_attr(key: &str, value: u64) -> Value {
    json!({"key": key, "value": {"intValue": value.to_string()}})
}
