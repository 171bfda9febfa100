//! The analyser: walks the command tree with a small model of the shell's state (variables,
//! functions, what flows through pipes) and hands every simple command to `commands.rs`.

use std::collections::{BTreeMap, BTreeSet};

use portcullis_types::Finding;

use crate::adapter;
use crate::codes;
use crate::expand::{self, brace_expand, split_ifs};
use crate::ir::{Cmd, Node, ParamOp, Redir, RedirKind, Seg, Span, Word};
use crate::{
    Access, MAX_INPUT_BYTES, MAX_REPARSE_DEPTH, NetKind, NetUse, PathUse, ShellAnalysis,
    SimpleCommand,
};

/// Most simple commands processed per analysis (function calls and loops included).
const MAX_STEPS: usize = 4096;
/// Most nested tree levels the walker descends.
const MAX_WALK_DEPTH: u32 = 256;
/// Most values a `for` loop variable is tried with.
const MAX_LOOP_VALUES: usize = 4;

/// One expanded argument.
#[derive(Debug, Clone, Default)]
#[allow(
    dead_code,
    reason = "syntax facts kept for diagnostics and other adapters"
)]
pub(crate) struct Field {
    /// Decoded text; runtime parts kept as written (`$X`).
    pub(crate) text: String,
    /// Whether part of the value is only known at run time.
    pub(crate) dynamic: bool,
    /// What command or process substitutions in this field produce.
    pub(crate) feed: Feed,
    /// The field is (or contains) a process substitution.
    pub(crate) procsub: bool,
    /// The field came from a quoted word, in full.
    pub(crate) quoted: bool,
}

impl Field {
    /// A static field (tests and synthetic arguments).
    pub(crate) fn plain(text: &str) -> Field {
        Field {
            text: text.to_owned(),
            ..Field::default()
        }
    }
}

/// What a command writes to its standard output, as far as the guard can tell.
#[derive(Debug, Clone, Default)]
pub(crate) struct Feed {
    /// Content fetched from this URL (or an unknown one, empty string).
    pub(crate) download: Option<String>,
    /// Decoded or deobfuscated content (base64 -d, xxd -r, printf escapes, rev…).
    pub(crate) decoded: bool,
    /// Text straight from a remote peer (nc, telnet, socat).
    pub(crate) remote: bool,
    /// The exact text, when static (`echo …`, `printf …`, heredocs).
    pub(crate) text: Option<String>,
    /// Local files whose content is in the stream.
    pub(crate) files: Vec<String>,
}

impl Feed {
    pub(crate) fn text(t: impl Into<String>) -> Feed {
        Feed {
            text: Some(t.into()),
            ..Feed::default()
        }
    }

    pub(crate) fn merge(&mut self, other: &Feed) {
        if self.download.is_none() {
            self.download.clone_from(&other.download);
        }
        self.decoded |= other.decoded;
        self.remote |= other.remote;
        self.text = match (self.text.take(), &other.text) {
            (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(b.clone()),
            (None, None) => None,
        };
        for f in &other.files {
            if !self.files.contains(f) {
                self.files.push(f.clone());
            }
        }
    }

    /// Carry the taint of the input through a filter (`tr`, `sed`, `cat`…), losing exact text.
    pub(crate) fn taint_of(input: &Feed) -> Feed {
        Feed {
            download: input.download.clone(),
            decoded: input.decoded,
            remote: input.remote,
            text: None,
            files: input.files.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        self.download.is_none()
            && !self.decoded
            && !self.remote
            && self.text.is_none()
            && self.files.is_empty()
    }

    pub(crate) fn is_dangerous(&self) -> bool {
        self.download.is_some() || self.decoded || self.remote
    }
}

/// A redirection after expansion.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub(crate) fd: Option<i32>,
    pub(crate) kind: RedirKind,
    pub(crate) target: String,
}

/// A variable's value in the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Known(String),
    Unknown,
}

pub(crate) fn analyze(command: &str) -> ShellAnalysis {
    let mut w = Walker::new();
    w.script(command, None);
    w.finish()
}

/// The walk state.
#[derive(Debug)]
pub(crate) struct Walker {
    pub(crate) out: ShellAnalysis,
    pub(crate) env: BTreeMap<String, Value>,
    funcs: BTreeMap<String, Node>,
    active_funcs: Vec<String>,
    /// Re-parse depth of the text being walked.
    pub(crate) depth: u8,
    walk_depth: u32,
    steps: usize,
    /// Span of the top-level construct that led here (for findings inside re-parsed text).
    origin: Option<Span>,
    /// Span of the current command.
    pub(crate) span: Span,
    /// Files written by downloads (`curl -o F`), to catch `bash F` later.
    pub(crate) downloaded: BTreeSet<String>,
    /// Files written with decoded content.
    pub(crate) decoded_files: BTreeSet<String>,
    /// Wrappers (`bash -c`, `ssh`…) around the text being re-parsed.
    pub(crate) wrapper_stack: Vec<String>,
    /// The working directory after `cd`, when known (`None`: unknown or unchanged).
    pub(crate) cwd: Option<String>,
    /// Aliases defined earlier in the line (`alias x='rm -rf /'`).
    pub(crate) aliases: BTreeMap<String, String>,
}

impl Walker {
    fn new() -> Walker {
        Walker {
            out: ShellAnalysis::default(),
            env: BTreeMap::new(),
            funcs: BTreeMap::new(),
            active_funcs: Vec::new(),
            depth: 0,
            walk_depth: 0,
            steps: 0,
            origin: None,
            span: Span::default(),
            downloaded: BTreeSet::new(),
            decoded_files: BTreeSet::new(),
            wrapper_stack: Vec::new(),
            cwd: None,
            aliases: BTreeMap::new(),
        }
    }

    fn finish(mut self) -> ShellAnalysis {
        // Function bodies are walked where defined and where called: drop repeats.
        let mut seen = BTreeSet::new();
        self.out
            .findings
            .retain(|f| seen.insert((f.code.clone(), f.span.map(|s| (s.start, s.end)))));
        let mut seen = BTreeSet::new();
        self.out.paths.retain(|p| seen.insert(p.clone()));
        let mut seen = BTreeSet::new();
        self.out.network.retain(|n| seen.insert(n.clone()));
        self.out
    }

    // ----- findings and facts -------------------------------------------------------------

    /// Adds a finding at the current command.
    pub(crate) fn finding(&mut self, code: (&str, u8), message: impl Into<String>) {
        self.finding_risk(code, code.1, message);
    }

    /// Adds a finding with an explicit risk.
    pub(crate) fn finding_risk(&mut self, code: (&str, u8), risk: u8, message: impl Into<String>) {
        let span = self.origin.unwrap_or(self.span);
        let mut f = Finding::new(code.0, message, risk);
        if span.end > span.start {
            f = f.with_span(span.start, span.end);
        }
        self.out.findings.push(f);
    }

    pub(crate) fn path(&mut self, path: &str, access: Access, command: &str) {
        if path.is_empty() || path == "-" {
            return;
        }
        self.out.paths.push(PathUse {
            path: path.to_owned(),
            access,
            command: command.to_owned(),
        });
    }

    pub(crate) fn net(&mut self, command: &str, target: &str, kind: NetKind, files: Vec<String>) {
        self.out.network.push(NetUse {
            command: command.to_owned(),
            target: target.to_owned(),
            kind,
            files,
        });
    }

    pub(crate) fn unparseable(&mut self, reason: &str) {
        if !self.out.unparseable {
            self.out.unparseable = true;
            let reason = portcullis_detect_excerpt(reason);
            self.finding(
                codes::UNPARSEABLE,
                format!("command could not be fully analysed: {reason}"),
            );
        }
    }

    fn budget(&mut self) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.unparseable("step budget exhausted");
            return false;
        }
        true
    }

    // ----- scripts ------------------------------------------------------------------------

    /// Parses and walks `text` at the current depth. `origin` is the span in the input that
    /// produced it (for nested text).
    pub(crate) fn script(&mut self, text: &str, stdin: Option<&Feed>) -> Feed {
        if text.len() > MAX_INPUT_BYTES {
            self.span = Span { start: 0, end: 0 };
            self.unparseable(&format!(
                "input of {} bytes exceeds the {MAX_INPUT_BYTES}-byte cap",
                text.len()
            ));
            return Feed::default();
        }
        match adapter::parse(text) {
            Ok(node) => {
                let none = Feed::default();
                self.walk(&node, stdin.unwrap_or(&none))
            }
            Err(f) => {
                if self.origin.is_none() {
                    self.span = Span {
                        start: 0,
                        end: text.len(),
                    };
                }
                self.unparseable(&f.reason);
                Feed::default()
            }
        }
    }

    /// Re-parses text that the command at hand will execute (`bash -c`, `eval`, …).
    pub(crate) fn reparse(&mut self, text: &str, stdin: Option<&Feed>) -> Feed {
        if self.depth >= MAX_REPARSE_DEPTH {
            self.unparseable("re-parse depth cap reached");
            return Feed::default();
        }
        let saved_origin = self.origin;
        let saved_span = self.span;
        if self.origin.is_none() {
            self.origin = Some(self.span);
        }
        self.depth += 1;
        let feed = self.script(text, stdin);
        self.depth -= 1;
        self.origin = saved_origin;
        self.span = saved_span;
        feed
    }

    // ----- tree -------------------------------------------------------------------------

    pub(crate) fn walk(&mut self, node: &Node, stdin: &Feed) -> Feed {
        self.walk_depth += 1;
        if self.walk_depth > MAX_WALK_DEPTH {
            self.walk_depth -= 1;
            self.unparseable("nesting too deep");
            return Feed::default();
        }
        let out = self.walk_inner(node, stdin);
        self.walk_depth -= 1;
        out
    }

    fn walk_inner(&mut self, node: &Node, stdin: &Feed) -> Feed {
        match node {
            Node::Cmd(c) => self.cmd(c, stdin),
            Node::Pipeline(items) => {
                let mut feed = stdin.clone();
                let mut shell_reads = false;
                let mut socket = false;
                for item in items {
                    let before = self.out.commands.len();
                    feed = self.walk(item, &feed);
                    for c in self.out.commands.get(before..).unwrap_or_default() {
                        shell_reads |= crate::commands::is_shell(&c.name)
                            && c.args.iter().all(|a| a.as_str() != "-c");
                        socket |= matches!(
                            c.name.as_str(),
                            "nc" | "ncat"
                                | "netcat"
                                | "telnet"
                                | "socat"
                                | "nc.traditional"
                                | "nc.openbsd"
                        ) || c.name == "openssl"
                            && c.args.first().is_some_and(|a| a.as_str() == "s_client");
                    }
                }
                if shell_reads && socket && !self.out.has(codes::REVERSE_SHELL.0) {
                    self.finding(
                        codes::REVERSE_SHELL,
                        "a shell reads from or writes to a network socket in one pipeline",
                    );
                }
                feed
            }
            Node::Seq(items) => {
                let mut out = Feed::default();
                for item in items {
                    let f = self.walk(item, stdin);
                    out.merge(&f);
                }
                out
            }
            Node::Function { name, body, span } => {
                self.span = *span;
                if calls_self(body, name, false, false, 0) {
                    self.finding(codes::FORK_BOMB, format!("function `{name}` calls itself in a pipeline or in the background (fork bomb)"));
                }
                self.funcs.insert(name.clone(), (**body).clone());
                // Treat the body as executed: a definition is usually followed by a call.
                self.active_funcs.push(name.clone());
                let f = self.walk(body, &Feed::default());
                self.active_funcs.pop();
                f
            }
            Node::Background(n) => self.walk(n, stdin),
            Node::Words(words) => {
                for w in words {
                    let _ = self.expand(w);
                }
                Feed::default()
            }
            Node::For { var, words, body } => {
                let mut values = Vec::new();
                let mut dynamic = false;
                for w in words {
                    for f in self.expand(w) {
                        dynamic |= f.dynamic;
                        values.push(f.text);
                    }
                }
                let mut out = Feed::default();
                if dynamic || values.is_empty() {
                    self.env.insert(var.clone(), Value::Unknown);
                    out.merge(&self.walk(body, stdin));
                } else {
                    for v in values.into_iter().take(MAX_LOOP_VALUES) {
                        self.env.insert(var.clone(), Value::Known(v));
                        let f = self.walk(body, stdin);
                        out.merge(&f);
                    }
                }
                out
            }
            Node::Redirected { body, redirects } => {
                let (resolved, input) = self.redirects(redirects, "");
                let stdin = input.unwrap_or_else(|| stdin.clone());
                let before = self.out.commands.len();
                let out = self.walk(body, &stdin);
                let names: Vec<String> = self
                    .out
                    .commands
                    .get(before..)
                    .unwrap_or_default()
                    .iter()
                    .map(|c| c.name.clone())
                    .collect();
                let name = names.first().cloned().unwrap_or_default();
                self.redirect_effects(&resolved, &name, &out);
                out
            }
        }
    }

    fn cmd(&mut self, c: &Cmd, stdin: &Feed) -> Feed {
        if !self.budget() {
            return Feed::default();
        }
        self.span = c.span;
        // Assignments: walk their substitutions; persist them when there is no command.
        let persist = c.words.is_empty() || c.decl;
        for a in &c.assigns {
            for w in &a.other {
                let _ = self.expand(w);
            }
            let value = match &a.value {
                Some(w) => {
                    let fields = self.expand_joined(w);
                    if fields.dynamic {
                        Value::Unknown
                    } else {
                        Value::Known(fields.text)
                    }
                }
                None => Value::Unknown,
            };
            self.span = c.span;
            crate::commands::check_assignment(self, &a.name, &value);
            if persist {
                self.env.insert(a.name.clone(), value);
            }
        }
        let (resolved, input) = self.redirects(&c.redirects, "");
        let stdin = input.unwrap_or_else(|| stdin.clone());
        let mut argv = Vec::new();
        for w in &c.words {
            argv.extend(self.expand(w));
        }
        self.span = c.span;
        if argv.is_empty() {
            self.redirect_effects(&resolved, "", &Feed::default());
            return Feed::default();
        }
        let mut wrappers = Vec::new();
        let before = self.out.commands.len();
        let out = self.exec(&argv, &stdin, &mut wrappers, &resolved);
        self.span = c.span;
        let name = match self.out.commands.get(before) {
            Some(c) => c.name.clone(),
            None => argv
                .first()
                .map(|f| basename(&f.text).to_owned())
                .unwrap_or_default(),
        };
        self.redirect_effects(&resolved, &name, &out);
        out
    }

    /// Runs an argument vector (after expansion and wrapper removal).
    pub(crate) fn exec(
        &mut self,
        argv: &[Field],
        stdin: &Feed,
        wrappers: &mut Vec<String>,
        redirs: &[Resolved],
    ) -> Feed {
        let Some((first, args)) = argv.split_first() else {
            return Feed::default();
        };
        // `sudo VAR=value cmd`, `env`-style assignments before the wrapped command.
        if !wrappers.is_empty() && !first.dynamic && is_assignment(&first.text) {
            if let Some((k, v)) = first.text.split_once('=') {
                self.env.insert(k.to_owned(), Value::Known(v.to_owned()));
            }
            return self.exec(args, stdin, wrappers, redirs);
        }
        if !self.budget() {
            return Feed::default();
        }
        if first.dynamic {
            let raw = first.text.clone();
            self.record(&raw, args, wrappers);
            // Content fetched or decoded and then run as a command name is download/decode-exec.
            if first.feed.download.is_some() {
                self.finding(
                    codes::DOWNLOAD_EXEC,
                    format!(
                        "downloaded content is executed as a command: `{}`",
                        excerpt(&raw)
                    ),
                );
            } else if first.feed.decoded {
                self.finding(
                    codes::DECODE_EXEC,
                    format!(
                        "decoded content is executed as a command: `{}`",
                        excerpt(&raw)
                    ),
                );
            }
            self.finding(
                codes::DYNAMIC_COMMAND,
                format!(
                    "the program name `{}` is only known at run time",
                    excerpt(&raw)
                ),
            );
            return Feed::default();
        }
        let name = basename(&first.text).to_owned();
        if brace_expand(&name).len() > 1 || crate::paths::has_glob(&name) {
            // `/???/r?` or `r[m]`: try every dangerous program the glob could name.
            let candidates = crate::commands::glob_candidates(&name);
            self.record(&name, args, wrappers);
            self.finding(
                codes::DYNAMIC_COMMAND,
                format!("the program name `{}` is a glob", excerpt(&name)),
            );
            let mut out = Feed::default();
            for cand in candidates {
                let mut v = argv.to_vec();
                if let Some(f) = v.first_mut() {
                    cand.clone_into(&mut f.text);
                }
                let f = self.exec(&v, stdin, &mut wrappers.clone(), redirs);
                out.merge(&f);
            }
            return out;
        }
        self.record(&name, args, wrappers);
        if w_downloaded(self, &first.text) {
            self.finding(
                codes::DOWNLOAD_EXEC,
                format!("the downloaded file `{}` is executed", excerpt(&first.text)),
            );
        }
        if let Some(text) = self.aliases.get(&name).cloned()
            && !self.active_funcs.contains(&name)
        {
            let mut line = text;
            for a in args {
                line.push(' ');
                line.push_str(&a.text);
            }
            self.active_funcs.push(name.clone());
            let out = self.reparse(&line, Some(stdin));
            self.active_funcs.pop();
            return out;
        }
        if let Some(body) = self.funcs.get(&name).cloned() {
            if self.active_funcs.contains(&name) {
                return Feed::default();
            }
            self.active_funcs.push(name.clone());
            // Bind the positional parameters for the body, then restore them.
            let saved: Vec<(String, Option<Value>)> = (1..=9)
                .map(|i| i.to_string())
                .chain(["@".to_owned(), "*".to_owned()])
                .map(|k| {
                    let v = self.env.get(&k).cloned();
                    (k, v)
                })
                .collect();
            for i in 1..=9 {
                match args.get(i - 1) {
                    Some(a) if !a.dynamic => {
                        self.env.insert(i.to_string(), Value::Known(a.text.clone()));
                    }
                    _ => {
                        self.env.remove(&i.to_string());
                    }
                }
            }
            let out = self.walk(&body, stdin);
            for (k, v) in saved {
                match v {
                    Some(v) => {
                        self.env.insert(k, v);
                    }
                    None => {
                        self.env.remove(&k);
                    }
                }
            }
            self.active_funcs.pop();
            return out;
        }
        crate::commands::run(self, &name, args, stdin, wrappers, redirs)
    }

    fn record(&mut self, name: &str, args: &[Field], wrappers: &[String]) {
        if crate::commands::is_pure_wrapper(name) && !args.is_empty() {
            return;
        }
        let mut all = self.wrapper_stack.clone();
        all.extend(wrappers.iter().cloned());
        self.out.commands.push(SimpleCommand {
            name: name.to_owned(),
            args: args.iter().map(to_word).collect(),
            wrappers: all,
            depth: self.depth,
        });
    }

    // ----- redirections -----------------------------------------------------------------

    /// Expands redirection targets; returns them and the stdin feed a heredoc, here-string or
    /// `< file` provides.
    fn redirects(&mut self, redirects: &[Redir], _cmd: &str) -> (Vec<Resolved>, Option<Feed>) {
        let mut out = Vec::new();
        let mut input = None;
        for r in redirects {
            match r.kind {
                RedirKind::HereDoc => {
                    let Some(h) = &r.heredoc else { continue };
                    let feed = match &h.expanding {
                        Some(word) => {
                            let f = self.expand_joined(word);
                            let mut feed = f.feed.clone();
                            feed.text = Some(if f.dynamic { h.raw.clone() } else { f.text });
                            feed
                        }
                        None => Feed::text(h.raw.clone()),
                    };
                    input = Some(feed);
                }
                RedirKind::HereString => {
                    let f = self.expand_joined(&r.target);
                    let mut feed = f.feed.clone();
                    feed.text = Some(f.text);
                    input = Some(feed);
                }
                kind => {
                    let f = self.expand_joined(&r.target);
                    if kind == RedirKind::Read && r.fd.unwrap_or(0) == 0 {
                        let mut feed = f.feed.clone();
                        if !f.text.is_empty() {
                            feed.files.push(f.text.clone());
                        }
                        input = Some(feed);
                    }
                    out.push(Resolved {
                        fd: r.fd,
                        kind,
                        target: f.text,
                    });
                }
            }
        }
        (out, input)
    }

    /// Path, network and special-file effects of resolved redirections of command `name`.
    fn redirect_effects(&mut self, redirs: &[Resolved], name: &str, out: &Feed) {
        let cmd = if name.is_empty() { "redirect" } else { name };
        for r in redirs {
            if matches!(r.kind, RedirKind::DupOut | RedirKind::DupIn)
                && r.target.chars().all(|c| c.is_ascii_digit() || c == '-')
            {
                continue;
            }
            let target = r.target.as_str();
            if let Some(host) = crate::paths::dev_tcp(target) {
                crate::commands::dev_tcp(self, cmd, &host, r);
                continue;
            }
            match r.kind {
                RedirKind::Read => self.path(target, Access::Read, cmd),
                RedirKind::ReadWrite => {
                    self.path(target, Access::Read, cmd);
                    self.path(target, Access::Write, cmd);
                    crate::commands::check_write(self, target, cmd, false);
                }
                RedirKind::Write | RedirKind::Append | RedirKind::Both | RedirKind::DupOut => {
                    if target == "/dev/null"
                        || target.starts_with("/dev/std")
                        || target.starts_with("/dev/fd/")
                    {
                        continue;
                    }
                    self.path(target, Access::Write, cmd);
                    crate::commands::check_write(self, target, cmd, r.kind != RedirKind::Append);
                    if r.fd.unwrap_or(1) == 1 || r.kind == RedirKind::Both {
                        if out.download.is_some() {
                            self.downloaded.insert(target.to_owned());
                        }
                        if out.decoded {
                            self.decoded_files.insert(target.to_owned());
                        }
                    }
                }
                RedirKind::DupIn => self.path(target, Access::Read, cmd),
                RedirKind::HereDoc | RedirKind::HereString => {}
            }
        }
    }

    // ----- words ------------------------------------------------------------------------

    fn lookup(&self, name: &str) -> Value {
        if let Some(v) = self.env.get(name) {
            return v.clone();
        }
        match name {
            "HOME" => Value::Known("~".to_owned()),
            "PWD" => Value::Known(".".to_owned()),
            // The running shell: `$SHELL -c …`, `$0 -c …`.
            "SHELL" | "BASH" | "0" => Value::Known("bash".to_owned()),
            _ => Value::Unknown,
        }
    }

    /// Expands a word into fields (splitting, brace expansion), walking its substitutions.
    pub(crate) fn expand(&mut self, word: &Word) -> Vec<Field> {
        let mut b = FieldBuilder::default();
        self.expand_segs(&word.segs, &mut b, false);
        let fields = b.finish();
        let mut out = Vec::with_capacity(fields.len());
        for mut f in fields {
            if f.text.contains(crate::ir::BRACE_OPEN) {
                for alt in brace_expand(&f.text) {
                    out.push(Field {
                        text: alt,
                        ..f.clone()
                    });
                }
            } else {
                if f.text
                    .contains([crate::ir::BRACE_COMMA, crate::ir::BRACE_CLOSE])
                {
                    f.text = expand::unmark(&f.text);
                }
                out.push(f);
            }
        }
        out
    }

    /// Expands a word to one string (assignments, redirect targets, here-strings).
    pub(crate) fn expand_joined(&mut self, word: &Word) -> Field {
        let fields = self.expand(word);
        let mut out = Field::default();
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                out.text.push(' ');
            }
            out.text.push_str(&f.text);
            out.dynamic |= f.dynamic;
            out.procsub |= f.procsub;
            out.feed.merge(&f.feed);
        }
        out
    }

    fn expand_segs(&mut self, segs: &[Seg], b: &mut FieldBuilder, in_operand: bool) {
        for seg in segs {
            match seg {
                Seg::Lit { text, quoted } => {
                    b.push(text, *quoted);
                }
                Seg::Var { name, quoted } => {
                    if name == "IFS" && !self.env.contains_key("IFS") {
                        if *quoted {
                            b.push(" ", true);
                        } else {
                            b.split();
                        }
                        continue;
                    }
                    match self.lookup(name) {
                        Value::Known(v) => b.value(&v, *quoted),
                        Value::Unknown => b.dynamic(&format!("${name}"), *quoted),
                    }
                }
                Seg::Param {
                    name,
                    op,
                    operand,
                    quoted,
                    raw,
                } => {
                    let value = self.lookup(name);
                    match (op, &value, operand) {
                        (ParamOp::Default, Value::Known(v), _) if !v.is_empty() => {
                            b.value(v, *quoted);
                        }
                        (ParamOp::Default, _, Some(w)) => {
                            // The default is what runs when the variable is unset: judge that.
                            let mut inner = FieldBuilder::default();
                            self.expand_segs(&w.segs, &mut inner, true);
                            let j = inner.joined();
                            b.feed.merge(&j.feed);
                            if j.dynamic {
                                b.dynamic(&j.text, *quoted);
                            } else {
                                b.value(&j.text, *quoted);
                            }
                        }
                        (ParamOp::Alternative, Value::Known(v), Some(w)) if !v.is_empty() => {
                            let mut inner = FieldBuilder::default();
                            self.expand_segs(&w.segs, &mut inner, true);
                            let j = inner.joined();
                            b.feed.merge(&j.feed);
                            b.value(&j.text, *quoted);
                        }
                        (ParamOp::Alternative, Value::Known(_), _) => {}
                        (ParamOp::Error, Value::Known(v), _) => b.value(v, *quoted),
                        (_, _, operand) => {
                            if let Some(w) = operand {
                                let _ = self.expand(w);
                            }
                            b.dynamic(raw, *quoted);
                        }
                    }
                }
                Seg::CmdSub { body, quoted, raw } => {
                    let saved = self.span;
                    let feed = self.walk(body, &Feed::default());
                    self.span = saved;
                    b.feed.merge(&Feed {
                        text: None,
                        ..feed.clone()
                    });
                    match &feed.text {
                        Some(t) if !feed.is_dangerous() => {
                            let t = t.trim_end_matches('\n');
                            b.value(t, *quoted);
                        }
                        _ => b.dynamic(raw, *quoted),
                    }
                }
                Seg::ProcSub { body, raw, .. } => {
                    let saved = self.span;
                    let feed = self.walk(body, &Feed::default());
                    self.span = saved;
                    b.feed.merge(&feed);
                    b.procsub = true;
                    b.dynamic(raw, false);
                }
                Seg::Dyn { raw, quoted, inner } => {
                    for w in inner {
                        let f = self.expand(w);
                        for x in f {
                            b.feed.merge(&x.feed);
                        }
                    }
                    b.dynamic(raw, *quoted);
                }
            }
        }
        let _ = in_operand;
    }
}

/// Builds fields from segments, applying field splitting to unquoted expansions.
#[derive(Debug, Default)]
struct FieldBuilder {
    fields: Vec<Field>,
    cur: String,
    started: bool,
    dynamic: bool,
    quoted_only: bool,
    any_unquoted: bool,
    feed: Feed,
    procsub: bool,
}

impl FieldBuilder {
    fn push(&mut self, text: &str, quoted: bool) {
        self.cur.push_str(text);
        if quoted {
            self.started = true;
            if !self.any_unquoted {
                self.quoted_only = true;
            }
        } else if !text.is_empty() {
            self.started = true;
            self.any_unquoted = true;
            self.quoted_only = false;
        }
    }

    fn dynamic(&mut self, raw: &str, quoted: bool) {
        self.push(raw, quoted);
        self.started = true;
        self.dynamic = true;
    }

    /// A known value: quoted → appended; unquoted → split on whitespace.
    fn value(&mut self, v: &str, quoted: bool) {
        if quoted {
            self.push(v, true);
            return;
        }
        let pieces = split_ifs(v);
        let n = pieces.len();
        for (i, p) in pieces.into_iter().enumerate() {
            if i > 0 {
                self.split();
            }
            if !p.is_empty() {
                self.push(p, false);
            }
            let _ = n;
        }
    }

    /// Ends the current field (unquoted `$IFS` or whitespace in an unquoted expansion).
    fn split(&mut self) {
        if self.started && (!self.cur.is_empty() || self.quoted_only) {
            self.fields.push(Field {
                text: std::mem::take(&mut self.cur),
                dynamic: self.dynamic,
                feed: Feed::default(),
                procsub: self.procsub,
                quoted: self.quoted_only,
            });
        }
        self.cur.clear();
        self.started = false;
        self.dynamic = false;
        self.quoted_only = false;
        self.any_unquoted = false;
    }

    fn finish(mut self) -> Vec<Field> {
        self.split();
        if !self.feed.is_empty() {
            let feed = Feed {
                text: None,
                ..self.feed.clone()
            };
            for f in &mut self.fields {
                f.feed.merge(&feed);
            }
        }
        self.fields
    }

    fn joined(self) -> Field {
        let feed = self.feed.clone();
        let fields = self.finish();
        let mut out = Field {
            feed,
            ..Field::default()
        };
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                out.text.push(' ');
            }
            out.text.push_str(&f.text);
            out.dynamic |= f.dynamic;
        }
        out
    }
}

fn is_assignment(s: &str) -> bool {
    s.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit())
    })
}

fn w_downloaded(w: &Walker, path: &str) -> bool {
    path.contains('/') && (w.downloaded.contains(path) || w.downloaded.contains(basename(path)))
}

/// Whether `body` calls `name` inside a pipeline or in the background.
fn calls_self(node: &Node, name: &str, in_pipe: bool, bg: bool, depth: u32) -> bool {
    if depth > 64 {
        return false;
    }
    match node {
        Node::Cmd(c) => {
            (in_pipe || bg)
                && c.words.first().is_some_and(|w| {
                    w.segs.iter().all(|s| matches!(s, Seg::Lit { .. }))
                        && w.segs
                            .iter()
                            .map(|s| {
                                if let Seg::Lit { text, .. } = s {
                                    text.as_str()
                                } else {
                                    ""
                                }
                            })
                            .collect::<String>()
                            == name
                })
        }
        Node::Pipeline(items) => items
            .iter()
            .any(|n| calls_self(n, name, true, bg, depth + 1)),
        Node::Seq(items) => items
            .iter()
            .any(|n| calls_self(n, name, in_pipe, bg, depth + 1)),
        Node::Background(n) => calls_self(n, name, in_pipe, true, depth + 1),
        Node::Redirected { body, .. } => calls_self(body, name, in_pipe, bg, depth + 1),
        Node::For { body, .. } => calls_self(body, name, in_pipe, bg, depth + 1),
        Node::Function { .. } | Node::Words(_) => false,
    }
}

pub(crate) fn to_word(f: &Field) -> crate::Word {
    if f.dynamic {
        crate::Word::Dynamic(f.text.clone())
    } else {
        crate::Word::Static(f.text.clone())
    }
}

/// `/usr/bin/rm` → `rm`; `./../x` → `x`.
pub(crate) fn basename(s: &str) -> &str {
    let t = s.trim_end_matches('/');
    t.rsplit('/').next().filter(|b| !b.is_empty()).unwrap_or(s)
}

/// A short excerpt for messages.
pub(crate) fn excerpt(s: &str) -> String {
    portcullis_detect_excerpt(s)
}

fn portcullis_detect_excerpt(s: &str) -> String {
    const MAX: usize = 80;
    if s.len() <= MAX {
        return s.replace('`', "'");
    }
    let mut end = MAX;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s.get(..end).unwrap_or_default().replace('`', "'"))
}
