//! Audit sinks: file, and OTLP/HTTP against a receiver inside the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use portcullis_ledger::{
    AuditRecord, FileSink, FixedClock, Masking, OtlpConfig, OtlpSink, Sink, Timestamp,
};
use portcullis_types::LedgerRef;
use serde_json::{Value, json};

use crate::support::{action, decision};

fn record(i: u64, masking: &Masking) -> AuditRecord {
    let mut d = decision(i);
    d.ledger = Some(LedgerRef {
        seq: i,
        hash: "ab".repeat(32),
        key_id: "0123456789abcdef".into(),
    });
    let mut a = action(i);
    a.args.insert("password".into(), json!("hunter2"));
    AuditRecord::new(&d, Some(&a), masking).unwrap()
}

fn masking() -> Masking {
    Masking::new(
        vec!["/action/args/password".into()],
        vec!["/action/args/ratio".into()],
    )
    .unwrap()
}

/// Accepts `n` requests; sends each (request line, headers, body) back; answers `status`.
fn receiver(n: usize, status: u16) -> (String, mpsc::Receiver<(String, Vec<String>, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..n {
            let (stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            let mut length = 0;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                let h = h.trim_end().to_owned();
                if h.is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                headers.push(h);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut stream = reader.into_inner();
            write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: 2\r\n\r\n{{}}"
            )
            .unwrap();
            tx.send((request_line.trim_end().to_owned(), headers, body))
                .unwrap();
        }
    });
    (format!("http://{addr}"), rx)
}

fn attr<'a>(attrs: &'a [Value], key: &str) -> &'a Value {
    &attrs
        .iter()
        .find(|a| a["key"] == key)
        .unwrap_or_else(|| panic!("no {key}"))["value"]
}

#[test]
fn otlp_export_reaches_a_collector() {
    let (endpoint, requests) = receiver(1, 200);
    let mut config = OtlpConfig::new(endpoint);
    config.batch_size = 2;
    config.headers = vec![("X-Api-Key".into(), "k1".into())];
    config.clock = Arc::new(FixedClock::new(
        Timestamp::parse("2026-01-01T00:00:01Z").unwrap(),
    ));
    let sink = OtlpSink::new(config).unwrap();
    let m = masking();
    sink.emit(&record(3, &m)).unwrap();
    sink.emit(&record(4, &m)).unwrap();
    let (line, headers, body) = requests.recv_timeout(Duration::from_secs(20)).unwrap();
    assert_eq!(line, "POST /v1/logs HTTP/1.1");
    assert!(
        headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("content-type: application/json"))
    );
    assert!(headers.iter().any(|h| h == "X-Api-Key: k1"));
    let v: Value = serde_json::from_slice(&body).unwrap();
    let rl = &v["resourceLogs"][0];
    assert_eq!(
        attr(
            rl["resource"]["attributes"].as_array().unwrap(),
            "service.name"
        ),
        &json!({"stringValue": "portcullis"})
    );
    let logs = rl["scopeLogs"][0]["logRecords"].as_array().unwrap();
    assert_eq!(logs.len(), 2);
    let first = &logs[0];
    // decision(3) is a deny: WARN. 2026-01-01T00:00:00Z = 1767225600 s.
    assert_eq!(first["severityNumber"], 13);
    assert_eq!(first["severityText"], "WARN");
    assert_eq!(first["timeUnixNano"], "1767225600000000000");
    assert_eq!(first["observedTimeUnixNano"], "1767225601000000000");
    let attrs = first["attributes"].as_array().unwrap();
    assert_eq!(
        attr(attrs, "portcullis.decision"),
        &json!({"stringValue": "deny"})
    );
    assert_eq!(
        attr(attrs, "portcullis.decision_id"),
        &json!({"stringValue": "d-3"})
    );
    assert_eq!(
        attr(attrs, "portcullis.tool"),
        &json!({"stringValue": "bash"})
    );
    assert_eq!(
        attr(attrs, "portcullis.risk_score"),
        &json!({"intValue": "3"})
    );
    assert_eq!(
        attr(attrs, "portcullis.enforced"),
        &json!({"boolValue": true})
    );
    assert_eq!(
        attr(attrs, "portcullis.ledger.seq"),
        &json!({"intValue": "3"})
    );
    assert_eq!(
        attr(attrs, "portcullis.rule_ids"),
        &json!({"arrayValue": {"values": [{"stringValue": "block-dotenv-reads"}]}})
    );
    // The body is the masked record.
    let body: Value = serde_json::from_str(first["body"]["stringValue"].as_str().unwrap()).unwrap();
    assert_eq!(body["action"]["args"]["password"], "[MASKED]");
    assert!(body["action"]["args"].get("ratio").is_none());
    assert_eq!(body["decision"]["decision_id"], "d-3");
    assert_eq!(logs[1]["severityText"], "INFO"); // decision(4) is an allow
    sink.flush().unwrap();
    let stats = sink.stats();
    assert_eq!((stats.delivered, stats.failed, stats.dropped), (2, 0, 0));
}

#[test]
fn otlp_failures_are_counted() {
    // A collector that answers 500.
    let (endpoint, requests) = receiver(1, 500);
    let sink = OtlpSink::new(OtlpConfig::new(endpoint)).unwrap();
    sink.emit(&record(1, &Masking::default())).unwrap();
    sink.flush().unwrap();
    requests.recv_timeout(Duration::from_secs(20)).unwrap();
    let stats = sink.stats();
    assert_eq!((stats.delivered, stats.failed), (0, 1));
    assert!(stats.last_error.unwrap().contains("500"));
    // Nobody listening at all.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = OtlpConfig::new(format!("http://127.0.0.1:{port}"));
    config.timeout = Duration::from_millis(500);
    let sink = OtlpSink::new(config).unwrap();
    sink.emit(&record(1, &Masking::default())).unwrap();
    sink.flush().unwrap();
    assert_eq!(sink.stats().failed, 1);
}

#[test]
fn otlp_full_queue_drops_instead_of_blocking() {
    // A collector that accepts connections but never answers: the exporter is stuck in one
    // request (for up to its timeout) while the queue, of capacity 1, fills.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut config = OtlpConfig::new(format!("http://{}", listener.local_addr().unwrap()));
    config.queue_capacity = 1;
    config.batch_size = 1;
    config.timeout = Duration::from_secs(3);
    let sink = OtlpSink::new(config).unwrap();
    let r = record(1, &Masking::default());
    let results: Vec<_> = (0..4).map(|_| sink.emit(&r)).collect();
    let dropped = results
        .iter()
        .filter(|r| r.as_ref().is_err_and(|e| e.code() == "sink_full"))
        .count();
    assert!(dropped >= 2, "{results:?}");
    assert_eq!(sink.stats().dropped, dropped as u64);
    drop(listener);
}

#[test]
fn otlp_refuses_bad_endpoints() {
    for bad in ["https://collector:4318", "collector:4318", "http://u:p@h/"] {
        let err = OtlpSink::new(OtlpConfig::new(bad)).unwrap_err();
        assert_eq!(err.code(), "sink_url", "{bad}");
    }
    let mut c = OtlpConfig::new("http://127.0.0.1:4318");
    c.headers = vec![("X".into(), "a\r\nInjected: 1".into())];
    assert_eq!(OtlpSink::new(c).unwrap_err().code(), "sink_url");
}

#[test]
fn file_sink_appends_masked_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let sink = FileSink::open(&path).unwrap();
    let m = masking();
    sink.emit(&record(1, &m)).unwrap();
    sink.emit(&record(2, &m)).unwrap();
    sink.flush().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["decision"]["decision_id"], "d-2");
    assert_eq!(lines[0]["action"]["args"]["password"], "[MASKED]");
    assert!(!text.contains("hunter2"));
    assert_eq!(sink.stats().delivered, 2);
}
