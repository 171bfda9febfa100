//! Adapters from the detector crates to engine facts.
//!
//! Each adapter runs its detector only on the inputs that can hold what it looks for (the
//! shell detector on command arguments, the path detector on path arguments and the paths a
//! command touches, …), so a rule like `path.sensitive` on `tool: "*"` costs nothing for calls
//! without paths.

use portcullis_detect_egress::{EgressPolicy, HostClass};
use portcullis_detect_path::{Access, classify};
use portcullis_detect_secrets::{Scanner, to_finding};
use portcullis_detect_shell::{Access as ShellAccess, NetKind, analyze, is_destructive};
use portcullis_policy::tools::ToolKind;
use portcullis_types::Redaction;
use serde_json::Value;

use crate::facts::{DetectorFacts, Facts, Field};

pub(crate) fn shell(f: &Facts<'_>) -> DetectorFacts {
    let mut out = DetectorFacts::default();
    let mut names = Vec::new();
    let mut unparseable = false;
    for (ptr, cmd) in &f.inputs().commands {
        let a = analyze(cmd);
        unparseable |= a.unparseable;
        names.extend(a.commands.iter().map(|c| c.name.clone()));
        out.findings
            .extend(a.findings.into_iter().map(|fi| fi.at(ptr.clone())));
        out.shell_paths
            .extend(a.paths.into_iter().map(|p| (p.path, p.access)));
        out.shell_net
            .extend(a.network.into_iter().map(|n| (n.target, n.kind, n.files)));
    }
    names.sort();
    names.dedup();
    let dangerous = out.findings.iter().any(|fi| is_destructive(&fi.code));
    let risk = out.findings.iter().map(|fi| fi.risk).max().unwrap_or(0);
    out.fields.insert("commands", Field::List(names));
    out.fields.insert("unparseable", Field::Bool(unparseable));
    out.fields.insert("dangerous", Field::Bool(dangerous));
    out.fields.insert("risk", Field::Num(f64::from(risk)));
    out.set_codes();
    out
}

fn path_access(kind: ToolKind, writes: bool) -> Access {
    match kind {
        ToolKind::Write | ToolKind::Edit => Access::Write,
        _ if writes => Access::Write,
        _ => Access::Read,
    }
}

fn shell_access(a: ShellAccess) -> Access {
    match a {
        ShellAccess::Read => Access::Read,
        ShellAccess::Write => Access::Write,
        ShellAccess::Delete => Access::Delete,
        ShellAccess::Execute => Access::Execute,
        ShellAccess::Upload => Access::Upload,
    }
}

pub(crate) fn path(f: &Facts<'_>) -> DetectorFacts {
    let mut out = DetectorFacts::default();
    let mut targets: Vec<(Option<String>, String, Access)> = f
        .inputs()
        .paths
        .iter()
        .map(|(ptr, p, w)| (Some(ptr.clone()), (*p).to_owned(), path_access(f.kind, *w)))
        .collect();
    if !f.inputs().commands.is_empty()
        && let Some(sh) = f.get(portcullis_policy::Detector::Shell)
    {
        let ptr = f.inputs().commands.first().map(|(p, _)| p.clone());
        targets.extend(
            sh.shell_paths
                .iter()
                .map(|(p, a)| (ptr.clone(), p.clone(), shell_access(*a))),
        );
    }
    let (mut sensitive, mut critical) = (false, false);
    let mut flagged = Vec::new();
    let mut plain = Vec::new();
    for (ptr, p, access) in targets {
        let r = classify(&p, access);
        sensitive |= r.sensitive;
        let writes = matches!(access, Access::Write | Access::Delete);
        critical |= r.critical && writes;
        if r.findings.is_empty() {
            plain.push(r.normalized);
        } else {
            flagged.push(r.normalized);
        }
        out.findings
            .extend(r.findings.into_iter().map(|fi| match &ptr {
                Some(ptr) => fi.at(ptr.clone()),
                None => fi,
            }));
    }
    flagged.extend(plain);
    flagged.dedup();
    out.fields.insert("sensitive", Field::Bool(sensitive));
    out.fields.insert("critical", Field::Bool(critical));
    out.fields.insert("paths", Field::List(flagged));
    out.set_codes();
    out
}

pub(crate) fn egress(f: &Facts<'_>) -> DetectorFacts {
    let policy: &EgressPolicy = match f.egress {
        Ok(p) => p,
        Err(e) => return DetectorFacts::failed("egress", e.clone()),
    };
    let mut out = DetectorFacts::default();
    let mut targets: Vec<(Option<String>, String)> = f
        .inputs()
        .urls
        .iter()
        .map(|(ptr, u)| (Some(ptr.clone()), (*u).to_owned()))
        .collect();
    let mut upload = false;
    let mut codes: Vec<String> = Vec::new();
    if !f.inputs().commands.is_empty()
        && let Some(sh) = f.get(portcullis_policy::Detector::Shell)
    {
        for (target, kind, _files) in &sh.shell_net {
            upload |= matches!(kind, NetKind::Upload);
            targets.push((None, target.clone()));
        }
        // The shell detector reports upload, reverse-shell and DNS-exfiltration findings; they
        // are egress facts too.
        for fi in &sh.findings {
            if fi.code.starts_with("egress.") {
                upload |= fi.code == "egress.upload";
                codes.push(fi.code.clone());
            }
        }
    }
    let (mut private, mut unknown) = (false, false);
    let mut hosts = Vec::new();
    let mut urls = Vec::new();
    for (ptr, t) in &targets {
        let r = policy.check(t);
        if let Some(c) = r.class {
            private |= matches!(
                c,
                HostClass::Private | HostClass::LinkLocal | HostClass::Metadata
            );
        }
        if let Some(tg) = &r.target {
            hosts.push(tg.host.to_string());
        }
        urls.push(t.clone());
        for fi in r.findings {
            unknown |= fi.code == "egress.unknown_host";
            codes.push(fi.code.clone());
            out.findings.push(match ptr {
                Some(p) => fi.at(p.clone()),
                None => fi,
            });
        }
    }
    hosts.sort();
    hosts.dedup();
    out.fields
        .insert("connects", Field::Bool(!targets.is_empty()));
    out.fields.insert("upload", Field::Bool(upload));
    out.fields.insert("private", Field::Bool(private));
    out.fields.insert("unknown_host", Field::Bool(unknown));
    out.fields.insert("hosts", Field::List(hosts));
    out.fields.insert("urls", Field::List(urls));
    codes.sort();
    codes.dedup();
    out.fields.insert("codes", Field::List(codes));
    out
}

/// Calls `f(pointer, text)` for every string in a JSON value.
fn strings(v: &Value, ptr: &mut String, f: &mut impl FnMut(&str, &str)) {
    match v {
        Value::String(s) => f(ptr, s),
        Value::Array(items) => {
            for (i, it) in items.iter().enumerate() {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                strings(it, ptr, f);
                ptr.truncate(len);
            }
        }
        Value::Object(m) => {
            for (k, it) in m {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&k.replace('~', "~0").replace('/', "~1"));
                strings(it, ptr, f);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

pub(crate) fn secrets(f: &Facts<'_>) -> DetectorFacts {
    let scanner = Scanner::builtin();
    let mut out = DetectorFacts::default();
    let mut kinds = Vec::new();
    let mut scan = |root: &str, v: &Value| {
        let mut ptr = String::from(root);
        strings(v, &mut ptr, &mut |p, text| {
            if scanner.is_clean(text) {
                return;
            }
            for m in scanner.scan(text) {
                kinds.push(m.kind.to_owned());
                out.findings.push(to_finding(&m).at(p.to_owned()));
                out.redactions.push(Redaction {
                    pointer: p.to_owned(),
                    start: m.start,
                    end: m.end,
                    kind: m.kind.to_owned(),
                });
            }
        });
    };
    scan("", &Value::Object(f.action.args.clone()));
    if let Some(r) = &f.action.result {
        // Result spans are kept apart from argument spans by their pointer prefix.
        scan("/~result", r);
    }
    kinds.sort();
    kinds.dedup();
    out.fields
        .insert("found", Field::Bool(!out.findings.is_empty()));
    out.fields
        .insert("count", Field::Num(out.findings.len() as f64));
    out.fields.insert("kinds", Field::List(kinds));
    out.set_codes();
    out
}

pub(crate) fn sql(f: &Facts<'_>) -> DetectorFacts {
    let mut out = DetectorFacts::default();
    if f.inputs().queries.is_empty() {
        return out;
    }
    let (mut read_only, mut unparseable) = (true, false);
    let mut kinds = Vec::new();
    for (ptr, q) in &f.inputs().queries {
        let r = portcullis_detect_sql::classify(q, None);
        read_only &= r.read_only;
        unparseable |= r.unparseable;
        kinds.extend(
            r.statements
                .iter()
                .map(|k| format!("{k:?}").to_ascii_lowercase()),
        );
        out.findings
            .extend(r.findings.into_iter().map(|fi| fi.at(ptr.clone())));
    }
    kinds.sort();
    kinds.dedup();
    // Destructive: the statement loses data or reaches outside the database (risk ≥ 80:
    // DROP, TRUNCATE, DELETE/UPDATE without WHERE, COPY … TO PROGRAM, file access).
    let destructive = out.findings.iter().any(|fi| fi.risk >= 80);
    let multiple = out
        .findings
        .iter()
        .any(|fi| fi.code == "sql.multiple_statements");
    out.fields.insert("destructive", Field::Bool(destructive));
    out.fields
        .insert("read_only", Field::Bool(read_only && !unparseable));
    out.fields.insert("unparseable", Field::Bool(unparseable));
    out.fields.insert("multiple", Field::Bool(multiple));
    out.fields.insert("kinds", Field::List(kinds));
    out.set_codes();
    out
}

/// Whether `text` holds a secret.
pub(crate) fn has_secret(text: &str) -> bool {
    !Scanner::builtin().is_clean(text)
}

/// Replaces every secret in `text` with `[REDACTED:<kind>]`.
pub(crate) fn redact_text(text: &str) -> String {
    let scanner = Scanner::builtin();
    if scanner.is_clean(text) {
        return text.to_owned();
    }
    portcullis_detect_secrets::redact(text, &scanner.scan(text))
}
