//! What each known program does with its arguments: wrappers, shells and interpreters, file
//! operands, network endpoints, and the dangerous-command findings.

use crate::codes;
use crate::ir::RedirKind;
use crate::opts::{self, Parsed, Spec};
use crate::paths::{self, Target};
use crate::walk::{Feed, Field, Resolved, Value, Walker, basename, excerpt};
use crate::{Access, NetKind};

/// Shells that take `-c STRING` or read a script from stdin.
const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "yash", "rbash", "fish", "tcsh", "csh",
    "ksh93", "pdksh", "oksh", "posh", "hush",
];

/// Dangerous programs a glob command name (`/???/r?`) is checked against.
const DANGEROUS_NAMES: &[&str] = &[
    "rm",
    "dd",
    "mkfs",
    "shred",
    "wipefs",
    "chmod",
    "chown",
    "sh",
    "bash",
    "zsh",
    "dash",
    "curl",
    "wget",
    "nc",
    "ncat",
    "python",
    "python3",
    "perl",
    "kill",
    "killall",
    "pkill",
    "shutdown",
    "reboot",
    "halt",
    "poweroff",
    "eval",
    "sudo",
    "base64",
    "truncate",
    "find",
    "xargs",
    "git",
    "crontab",
    "socat",
    "mv",
    "cp",
    "tee",
    "blkdiscard",
    "mkfs.ext4",
    "terraform",
    "kubectl",
];

pub(crate) fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name)
}

/// Wrappers that are not recorded as commands of their own.
pub(crate) fn is_pure_wrapper(name: &str) -> bool {
    matches!(
        name,
        "sudo"
            | "doas"
            | "run0"
            | "pkexec"
            | "env"
            | "nice"
            | "nohup"
            | "timeout"
            | "gtimeout"
            | "time"
            | "command"
            | "builtin"
            | "exec"
            | "noglob"
            | "stdbuf"
            | "ionice"
            | "chroot"
            | "busybox"
            | "toybox"
            | "setsid"
            | "unbuffer"
            | "torsocks"
            | "proxychains"
            | "proxychains4"
            | "caffeinate"
            | "nsenter"
            | "unshare"
            | "firejail"
            | "chrt"
            | "taskset"
            | "cpulimit"
            | "fakeroot"
            | "catchsegv"
            | "rlwrap"
            | "eval"
    )
}

fn is_interpreter(name: &str) -> bool {
    name.starts_with("python")
        || name.starts_with("perl")
        || name.starts_with("ruby")
        || matches!(
            name,
            "node"
                | "nodejs"
                | "php"
                | "lua"
                | "luajit"
                | "deno"
                | "bun"
                | "Rscript"
                | "tclsh"
                | "pwsh"
                | "powershell"
                | "osascript"
                | "irb"
                | "jshell"
                | "groovy"
        )
}

pub(crate) fn glob_candidates(pattern: &str) -> Vec<&'static str> {
    DANGEROUS_NAMES
        .iter()
        .copied()
        .filter(|n| {
            paths::glob_match(pattern, n)
                || crate::expand::brace_expand(pattern).iter().any(|p| p == n)
        })
        .collect()
}

fn texts(args: &[Field]) -> Vec<&str> {
    args.iter().map(|a| a.text.as_str()).collect()
}

fn operands<'a>(args: &'a [Field], p: &Parsed) -> Vec<&'a Field> {
    p.operands.iter().filter_map(|&i| args.get(i)).collect()
}

/// Whether `--help` appears before `--`: GNU tools print help and do nothing else.
fn help_requested(args: &[Field]) -> bool {
    for a in args {
        match a.text.as_str() {
            "--" => return false,
            "--help" | "--version" => return true,
            _ => {}
        }
    }
    false
}

/// Runs program `name` (already unwrapped of any name path) with `args`.
pub(crate) fn run(
    w: &mut Walker,
    name: &str,
    args: &[Field],
    stdin: &Feed,
    wrappers: &mut Vec<String>,
    redirs: &[Resolved],
) -> Feed {
    if help_requested(args) && !matches!(name, "eval" | "sh" | "bash") {
        return Feed::default();
    }
    if let Some(out) = wrapper(w, name, args, stdin, wrappers, redirs) {
        return out;
    }
    if is_shell(name) {
        return shell(w, name, args, stdin, wrappers);
    }
    if is_interpreter(name) {
        return interpreter(w, name, args, stdin);
    }
    classify(w, name, args, stdin, redirs)
}

fn sub_exec(
    w: &mut Walker,
    label: &str,
    argv: &[Field],
    stdin: &Feed,
    wrappers: &mut Vec<String>,
    redirs: &[Resolved],
) -> Feed {
    wrappers.push(label.to_owned());
    let out = w.exec(argv, stdin, wrappers, redirs);
    wrappers.pop();
    out
}

fn sub_script(
    w: &mut Walker,
    label: &str,
    text: &str,
    stdin: Option<&Feed>,
    wrappers: &[String],
) -> Feed {
    w.wrapper_stack.extend(wrappers.iter().cloned());
    w.wrapper_stack.push(label.to_owned());
    let n = wrappers.len() + 1;
    let out = w.reparse(text, stdin);
    let keep = w.wrapper_stack.len().saturating_sub(n);
    w.wrapper_stack.truncate(keep);
    out
}

/// Wrapper programs: strips their options and runs the wrapped command.
fn wrapper(
    w: &mut Walker,
    name: &str,
    args: &[Field],
    stdin: &Feed,
    wrappers: &mut Vec<String>,
    redirs: &[Resolved],
) -> Option<Feed> {
    let simple = |short: &'static str, long: &'static [&'static str]| Spec::wrapper(short, long);
    let spec = match name {
        "sudo" => {
            let p = opts::parse(
                args,
                &simple(
                    "ugCDhprtUT",
                    &[
                        "user",
                        "group",
                        "close-from",
                        "chdir",
                        "host",
                        "prompt",
                        "role",
                        "type",
                        "other-user",
                        "command-timeout",
                    ],
                ),
            );
            if p.any('e', "edit") {
                for f in args.get(p.rest..).unwrap_or_default() {
                    w.path(&f.text, Access::Write, "sudoedit");
                    check_write(w, &f.text, "sudoedit", false);
                }
                return Some(Feed::default());
            }
            return Some(sub_exec(
                w,
                name,
                args.get(p.rest..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "doas" => simple("uC", &[]),
        "run0" | "pkexec" => simple(
            "uDM",
            &[
                "user",
                "chdir",
                "machine",
                "description",
                "property",
                "setenv",
            ],
        ),
        "nice" => simple("n", &["adjustment"]),
        "nohup" | "setsid" | "unbuffer" | "torsocks" | "caffeinate" | "noglob" | "fakeroot"
        | "catchsegv" | "rlwrap" | "daemonize" => simple("fw", &[]),
        "proxychains" | "proxychains4" => simple("f", &[]),
        "time" => simple("fo", &["format", "output"]),
        "stdbuf" => simple("ioe", &["input", "output", "error"]),
        "ionice" => simple("cnp", &["class", "classdata", "pid"]),
        "chrt" => simple("", &[]),
        "nsenter" => simple(
            "tSGnmuipUCTr",
            &["target", "setuid", "setgid", "root", "wd"],
        ),
        "unshare" => simple(
            "S",
            &["setuid", "setgid", "root", "wd", "map-user", "map-group"],
        ),
        "firejail" => simple("", &[]),
        "systemd-run" => simple(
            "upEsM",
            &[
                "unit",
                "property",
                "setenv",
                "slice",
                "uid",
                "gid",
                "working-directory",
                "description",
                "machine",
                "on-calendar",
                "on-active",
            ],
        ),
        "strace" | "ltrace" => simple("oeEpPsSuabIX", &["output", "signal", "trace", "user"]),
        "cpulimit" => simple("lpe", &["limit", "pid", "exe"]),
        "sg" => simple("", &[]),
        "busybox" | "toybox" | "builtin" => {
            return Some(sub_exec(w, name, args, stdin, wrappers, redirs));
        }
        "command" => {
            let p = opts::parse(args, &simple("", &[]));
            if p.short('v') || p.short('V') {
                let names: Vec<&str> = args
                    .iter()
                    .map(|a| a.text.as_str())
                    .filter(|a| !a.starts_with('-'))
                    .collect();
                return Some(Feed::text(names.join("\n")));
            }
            return Some(sub_exec(
                w,
                name,
                args.get(p.rest..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "exec" => simple("a", &[]),
        "timeout" | "gtimeout" => {
            let p = opts::parse(args, &simple("sk", &["signal", "kill-after"]));
            return Some(sub_exec(
                w,
                name,
                args.get(p.rest + 1..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "chroot" => {
            let p = opts::parse(args, &simple("", &["userspec", "groups"]));
            return Some(sub_exec(
                w,
                name,
                args.get(p.rest + 1..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "taskset" => {
            let p = opts::parse(args, &simple("", &["cpu-list"]));
            let skip = usize::from(!p.any('p', "pid"));
            return Some(sub_exec(
                w,
                name,
                args.get(p.rest + skip..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "flock" => {
            let p = opts::parse(
                args,
                &simple("wEc", &["timeout", "conflict-exit-code", "command"]),
            );
            if let Some(c) = p
                .values(Some('c'), Some("command"))
                .next()
                .map(str::to_owned)
            {
                return Some(sub_script(w, "flock -c", &c, None, wrappers));
            }
            return Some(sub_exec(
                w,
                name,
                args.get(p.rest + 1..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "start-stop-daemon" => {
            let p = opts::parse(
                args,
                &Spec::new(
                    "xapnucgrdNPk",
                    &[
                        "exec", "pidfile", "name", "user", "chuid", "group", "chroot", "chdir",
                        "startas",
                    ],
                ),
            );
            let exe = p
                .values(Some('x'), Some("exec"))
                .chain(p.values(Some('a'), Some("startas")))
                .next()
                .map(str::to_owned);
            if let Some(exe) = exe {
                let mut argv = vec![Field::plain(&exe)];
                argv.extend(args.iter().skip_while(|a| a.text != "--").skip(1).cloned());
                return Some(sub_exec(w, name, &argv, stdin, wrappers, redirs));
            }
            return Some(Feed::default());
        }
        "env" => return Some(env(w, args, stdin, wrappers, redirs)),
        "xargs" => return Some(xargs(w, args, stdin, wrappers, redirs)),
        "parallel" => return Some(parallel(w, args, stdin, wrappers)),
        "watch" => {
            let p = opts::parse(args, &simple("nq", &["interval", "equexit"]));
            let rest = args.get(p.rest..).unwrap_or_default();
            if p.any('x', "exec") {
                return Some(sub_exec(w, name, rest, stdin, wrappers, redirs));
            }
            let text = texts(rest).join(" ");
            return Some(sub_script(w, "watch", &text, None, wrappers));
        }
        "su" | "runuser" => {
            let p = opts::parse(
                args,
                &Spec::new(
                    "csgGuw",
                    &[
                        "command",
                        "shell",
                        "group",
                        "supp-group",
                        "user",
                        "whitelist-environment",
                        "session-command",
                    ],
                ),
            );
            if let Some(c) = p
                .values(Some('c'), Some("command"))
                .chain(p.values(None, Some("session-command")))
                .next()
                .map(str::to_owned)
            {
                return Some(sub_script(w, &format!("{name} -c"), &c, None, wrappers));
            }
            if name == "runuser" && p.short('u') {
                let start = args
                    .iter()
                    .position(|a| a.text == "--")
                    .map_or(p.operands.first().copied().unwrap_or(args.len()), |i| i + 1);
                return Some(sub_exec(
                    w,
                    name,
                    args.get(start..).unwrap_or_default(),
                    stdin,
                    wrappers,
                    redirs,
                ));
            }
            // `su` alone starts a shell that reads the rest of stdin.
            return Some(shell_stdin(w, name, stdin, wrappers));
        }
        "script" => {
            let p = opts::parse(
                args,
                &Spec::new(
                    "cEIOBTt",
                    &[
                        "command",
                        "echo",
                        "log-in",
                        "log-out",
                        "log-io",
                        "log-timing",
                        "timing",
                    ],
                ),
            );
            if let Some(c) = p
                .values(Some('c'), Some("command"))
                .next()
                .map(str::to_owned)
            {
                return Some(sub_script(w, "script -c", &c, None, wrappers));
            }
            return Some(Feed::default());
        }
        "ssh" => return Some(ssh(w, args, wrappers)),
        // Package runners: `npx rimraf /` runs the package's binary.
        "npx" | "pnpx" | "bunx" => simple("p", &["package", "call"]),
        // Remote execution in a container or pod: still a command that runs.
        "kubectl" | "oc" if args.first().is_some_and(|a| a.text == "exec") => {
            let start = args
                .iter()
                .position(|a| a.text == "--")
                .map_or(args.len(), |i| i + 1);
            return Some(sub_exec(
                w,
                &format!("{name} exec"),
                args.get(start..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "docker" | "podman" if args.first().is_some_and(|a| a.text == "exec") => {
            let rest = args.get(1..).unwrap_or_default();
            let p = opts::parse(
                rest,
                &simple(
                    "euw",
                    &["env", "user", "workdir", "env-file", "detach-keys"],
                ),
            );
            return Some(sub_exec(
                w,
                &format!("{name} exec"),
                rest.get(p.rest + 1..).unwrap_or_default(),
                stdin,
                wrappers,
                redirs,
            ));
        }
        "find" => return Some(find(w, args, stdin, wrappers, redirs)),
        "eval" => {
            for a in args {
                exec_feed_findings(w, &a.feed, "eval");
            }
            let text = texts(args).join(" ");
            return Some(sub_script(w, "eval", &text, Some(stdin), wrappers));
        }
        _ => return None,
    };
    let p = opts::parse(args, &spec);
    Some(sub_exec(
        w,
        name,
        args.get(p.rest..).unwrap_or_default(),
        stdin,
        wrappers,
        redirs,
    ))
}

fn env(
    w: &mut Walker,
    args: &[Field],
    stdin: &Feed,
    wrappers: &mut Vec<String>,
    redirs: &[Resolved],
) -> Feed {
    let mut i = 0;
    let mut argv: Vec<Field> = Vec::new();
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if matches!(t, "-u" | "-C" | "-P" | "--unset" | "--chdir") {
            i += 2;
            continue;
        }
        if let Some(s) = t
            .strip_prefix("-S")
            .or_else(|| t.strip_prefix("--split-string="))
        {
            let s = if s.is_empty() {
                i += 1;
                args.get(i).map(|f| f.text.clone()).unwrap_or_default()
            } else {
                s.to_owned()
            };
            argv.extend(s.split_whitespace().map(Field::plain));
            i += 1;
            break;
        }
        if t.starts_with('-') {
            i += 1;
            continue;
        }
        if let Some((k, v)) = t.split_once('=')
            && !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            let value = if a.dynamic {
                Value::Unknown
            } else {
                Value::Known(v.to_owned())
            };
            check_assignment(w, k, &value);
            w.env.insert(k.to_owned(), value);
            i += 1;
            continue;
        }
        break;
    }
    argv.extend(args.get(i..).unwrap_or_default().iter().cloned());
    sub_exec(w, "env", &argv, stdin, wrappers, redirs)
}

fn xargs(
    w: &mut Walker,
    args: &[Field],
    stdin: &Feed,
    wrappers: &mut Vec<String>,
    redirs: &[Resolved],
) -> Feed {
    let p = opts::parse(
        args,
        &Spec::wrapper(
            "ILnPsdEa",
            &[
                "replace",
                "max-lines",
                "max-args",
                "max-procs",
                "max-chars",
                "delimiter",
                "eof",
                "arg-file",
                "process-slot-var",
            ],
        ),
    );
    let mut argv: Vec<Field> = args.get(p.rest..).unwrap_or_default().to_vec();
    if argv.is_empty() {
        argv.push(Field::plain("echo"));
    }
    let items: Vec<Field> = match &stdin.text {
        Some(t) => t.split_whitespace().take(16).map(Field::plain).collect(),
        // Unknown input: the appended arguments are only known at run time.
        None if !p.any('a', "arg-file") => vec![Field {
            text: "$XARGS_INPUT".to_owned(),
            dynamic: true,
            ..Field::default()
        }],
        None => Vec::new(),
    };
    let repl = p
        .values(Some('I'), Some("replace"))
        .next()
        .map(str::to_owned);
    if let Some(r) = repl.filter(|r| !r.is_empty()) {
        let item = items
            .first()
            .map_or_else(|| "{}".to_owned(), |f| f.text.clone());
        for a in &mut argv {
            a.text = a.text.replace(&r, &item);
        }
    } else {
        argv.extend(items);
    }
    sub_exec(w, "xargs", &argv, &Feed::default(), wrappers, redirs)
}

fn parallel(w: &mut Walker, args: &[Field], _stdin: &Feed, wrappers: &[String]) -> Feed {
    let p = opts::parse(
        args,
        &Spec::wrapper(
            "jSaXN",
            &[
                "jobs", "sshlogin", "arg-file", "delay", "timeout", "joblog", "results",
            ],
        ),
    );
    let rest = args.get(p.rest..).unwrap_or_default();
    let split = rest
        .iter()
        .position(|a| a.text.starts_with(":::"))
        .unwrap_or(rest.len());
    let cmd = rest.get(..split).unwrap_or_default();
    let first_value = rest
        .get(split + 1)
        .map_or_else(|| "{}".to_owned(), |f| f.text.clone());
    let text = texts(cmd).join(" ").replace("{}", &first_value);
    let text = if cmd.iter().any(|a| a.text.contains("{}")) || split == rest.len() {
        text
    } else {
        format!("{text} {first_value}")
    };
    sub_script(w, "parallel", &text, None, wrappers)
}

fn ssh(w: &mut Walker, args: &[Field], wrappers: &[String]) -> Feed {
    let p = opts::parse(args, &Spec::wrapper("BbcDEeFIiJLlmOopQRSWw", &[]));
    let Some(host) = args.get(p.rest) else {
        return Feed::default();
    };
    let remote = args.get(p.rest + 1..).unwrap_or_default();
    w.net("ssh", &host.text, NetKind::Connect, Vec::new());
    for v in p
        .values(Some('R'), None)
        .map(str::to_owned)
        .collect::<Vec<_>>()
    {
        w.net("ssh", &v, NetKind::Connect, Vec::new());
    }
    if remote.is_empty() {
        return Feed {
            remote: true,
            ..Feed::default()
        };
    }
    let text = texts(remote).join(" ");
    let mut out = sub_script(w, "ssh", &text, None, wrappers);
    out.remote = true;
    out
}

#[allow(
    clippy::many_single_char_names,
    reason = "i/j index the two halves of find's argv"
)]
fn find(
    w: &mut Walker,
    args: &[Field],
    stdin: &Feed,
    wrappers: &mut Vec<String>,
    redirs: &[Resolved],
) -> Feed {
    // Leading options, then roots, then the expression.
    let mut i = 0;
    while args.get(i).is_some_and(|a| {
        matches!(
            a.text.as_str(),
            "-H" | "-L" | "-P" | "-O0" | "-O1" | "-O2" | "-O3"
        ) || a.text.starts_with("-D")
    }) {
        i += 1;
    }
    let mut roots = Vec::new();
    while let Some(a) = args.get(i) {
        if a.text.starts_with('-') || a.text == "(" || a.text == "!" {
            break;
        }
        roots.push(a.text.clone());
        i += 1;
    }
    if roots.is_empty() {
        roots.push(".".to_owned());
    }
    let expr = args.get(i..).unwrap_or_default();
    const NEUTRAL: &[&str] = &[
        "-maxdepth",
        "-mindepth",
        "-depth",
        "-xdev",
        "-mount",
        "-follow",
        "-noleaf",
        "-ignore_readdir_race",
        "-daystart",
        "-true",
        "-print",
        "-print0",
        "-delete",
        "-type",
        "-xtype",
        "-prune",
        "-o",
        "-a",
        "-not",
        "-and",
        "-or",
    ];
    let mut filtered = false;
    let mut out = Feed::default();
    let mut j = 0;
    while let Some(a) = expr.get(j) {
        let t = a.text.as_str();
        match t {
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                let start = j + 1;
                let mut end = start;
                while let Some(x) = expr.get(end) {
                    if x.text == ";" || (x.text == "+" && end > start) {
                        break;
                    }
                    end += 1;
                }
                let mut argv: Vec<Field> = expr.get(start..end).unwrap_or_default().to_vec();
                // Without a filter every file under the roots is passed: judge the roots.
                let target = if filtered {
                    let root = roots.first().map_or(".", |r| r.trim_end_matches('/'));
                    format!("{root}/{{}}")
                } else {
                    roots.first().cloned().unwrap_or_default()
                };
                let destroys = argv.first().is_some_and(|f| {
                    matches!(
                        basename(&f.text),
                        "rm" | "shred" | "unlink" | "truncate" | "srm" | "wipe"
                    )
                });
                if destroys && !filtered {
                    for r in roots.clone() {
                        rm_target(w, &format!("find {t}"), &Field::plain(&r));
                    }
                }
                for f in &mut argv {
                    if f.text.contains("{}") {
                        f.text = f.text.replace("{}", &target);
                    }
                }
                let f = sub_exec(w, &format!("find {t}"), &argv, stdin, wrappers, redirs);
                out.merge(&f);
                j = end + 1;
                continue;
            }
            "-delete" => {
                for r in &roots {
                    w.path(r, Access::Delete, "find");
                    special_delete(w, "find -delete", r);
                }
                if !filtered {
                    for r in roots.clone() {
                        rm_target(w, "find -delete", &Field::plain(&r));
                    }
                }
            }
            "-fprint" | "-fprintf" | "-fls" => {
                if let Some(f) = expr.get(j + 1) {
                    w.path(&f.text, Access::Write, "find");
                }
            }
            _ => {
                if t.starts_with('-') && !NEUTRAL.contains(&t) {
                    filtered = true;
                }
            }
        }
        j += 1;
    }
    for r in &roots {
        w.path(r, Access::Read, "find");
    }
    out
}

/// A shell program: `-c STRING`, a script operand, or commands read from stdin.
fn shell(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed, wrappers: &[String]) -> Feed {
    let mut i = 0;
    let mut c_flag = false;
    let mut interactive = false;
    let mut reads_stdin = false;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "--" || t == "-" {
            i += 1;
            break;
        }
        if matches!(t, "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file") {
            i += 2;
            continue;
        }
        if let Some(flags) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            if !t.starts_with("--") {
                c_flag |= flags.contains('c');
                interactive |= flags.contains('i');
                reads_stdin |= flags.contains('s');
            }
            i += 1;
            continue;
        }
        break;
    }
    let rest = args.get(i..).unwrap_or_default();
    if c_flag {
        let Some(cmd) = rest.first() else {
            return Feed::default();
        };
        exec_feed_findings(w, &cmd.feed, &format!("{name} -c"));
        if cmd.dynamic && cmd.feed.is_dangerous() {
            return Feed::default();
        }
        return sub_script(w, &format!("{name} -c"), &cmd.text, None, wrappers);
    }
    if let Some(script) = rest.first().filter(|_| !reads_stdin) {
        run_script_file(w, name, script);
        return Feed::default();
    }
    let _ = interactive;
    shell_stdin(w, name, stdin, wrappers)
}

/// A shell reading its commands from stdin.
fn shell_stdin(w: &mut Walker, name: &str, stdin: &Feed, wrappers: &[String]) -> Feed {
    exec_feed_findings(w, stdin, name);
    if stdin.remote && stdin.download.is_none() {
        w.finding(
            codes::REVERSE_SHELL,
            format!("`{name}` runs commands received from a network peer"),
        );
    }
    if let Some(t) = stdin.text.clone() {
        return sub_script(w, &format!("{name} <stdin"), &t, None, wrappers);
    }
    Feed::default()
}

/// Findings for content about to be executed.
fn exec_feed_findings(w: &mut Walker, feed: &Feed, by: &str) {
    if let Some(url) = &feed.download {
        let from = if url.is_empty() {
            String::new()
        } else {
            format!(" from `{}`", excerpt(url))
        };
        w.finding(
            codes::DOWNLOAD_EXEC,
            format!("content downloaded{from} is executed by `{by}`"),
        );
    }
    if feed.decoded {
        w.finding(
            codes::DECODE_EXEC,
            format!("decoded or obfuscated content is executed by `{by}`"),
        );
    }
}

/// `bash FILE`, `source FILE`, `python FILE`, `./FILE`.
fn run_script_file(w: &mut Walker, by: &str, script: &Field) {
    if !script.procsub {
        w.path(&script.text, Access::Execute, by);
    }
    exec_feed_findings(w, &script.feed, by);
    if w.downloaded.contains(&script.text) || w.downloaded.contains(basename(&script.text)) {
        w.finding(
            codes::DOWNLOAD_EXEC,
            format!(
                "the downloaded file `{}` is executed by `{by}`",
                excerpt(&script.text)
            ),
        );
    }
    if w.decoded_files.contains(&script.text) || w.decoded_files.contains(basename(&script.text)) {
        w.finding(
            codes::DECODE_EXEC,
            format!(
                "the decoded file `{}` is executed by `{by}`",
                excerpt(&script.text)
            ),
        );
    }
}

/// python, perl, ruby, node, php…: inline code is scanned; stdin content is judged like a shell's.
fn interpreter(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed) -> Feed {
    let code_flags: &[&str] = match name {
        n if n.starts_with("python") => &["-c"],
        "node" | "nodejs" | "bun" => &["-e", "--eval", "-p", "--print"],
        "deno" => &["eval"],
        "php" => &["-r"],
        "pwsh" | "powershell" => &[
            "-c",
            "-command",
            "-Command",
            "-EncodedCommand",
            "-enc",
            "-e",
            "-ec",
        ],
        _ => &["-e", "-E"],
    };
    let mut i = 0;
    let mut code: Option<&Field> = None;
    let mut script: Option<&Field> = None;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if code_flags.contains(&t) {
            code = args.get(i + 1);
            if matches!(t, "-EncodedCommand" | "-enc" | "-e" | "-ec") && name.contains("powershell")
                || matches!(t, "-EncodedCommand" | "-enc" | "-ec")
            {
                w.finding(
                    codes::DECODE_EXEC,
                    format!("`{name}` runs an encoded command"),
                );
            }
            break;
        }
        // Bundled `-ce`/`-pe` style flags ending with the code flag.
        if t.starts_with('-')
            && !t.starts_with("--")
            && t.len() > 2
            && code_flags
                .iter()
                .any(|f| f.len() == 2 && t.ends_with(f.trim_start_matches('-')))
        {
            code = args.get(i + 1);
            break;
        }
        if t == "-m" {
            return Feed::default();
        }
        if t.starts_with('-') {
            i += 1;
            continue;
        }
        script = Some(a);
        break;
    }
    if let Some(code) = code {
        exec_feed_findings(w, &code.feed, name);
        scan_code(w, name, &code.text);
        return Feed::default();
    }
    if let Some(s) = script {
        run_script_file(w, name, s);
        return Feed::default();
    }
    exec_feed_findings(w, stdin, name);
    if stdin.remote {
        w.finding(
            codes::REVERSE_SHELL,
            format!("`{name}` runs code received from a network peer"),
        );
    }
    if let Some(t) = &stdin.text {
        scan_code(w, name, t);
    }
    Feed::default()
}

/// Inline interpreter code: reverse-shell shapes, and shell strings handed to system().
fn scan_code(w: &mut Walker, name: &str, code: &str) {
    let lower = code.to_ascii_lowercase();
    let socket = [
        "socket",
        "fsockopen",
        "tcpsocket",
        "net.socket",
        "require('net')",
        "require(\"net\")",
        "/dev/tcp/",
        "/inet/tcp/",
        "socket.socket",
        "io::socket",
    ]
    .iter()
    .any(|s| lower.contains(s));
    let shell = [
        "pty.spawn",
        "/bin/sh",
        "/bin/bash",
        "subprocess",
        "dup2",
        "exec(",
        "proc_open",
        "shell_exec",
        "child_process",
        "spawn(",
        "system(",
        "popen",
        "cmd.exe",
        "\"sh\"",
        "'sh'",
    ]
    .iter()
    .any(|s| lower.contains(s));
    if socket && shell {
        w.finding(
            codes::REVERSE_SHELL,
            format!("`{name}` code connects a socket to a shell"),
        );
    }
    if (lower.contains("b64decode")
        || lower.contains("base64.decode")
        || lower.contains("base64_decode")
        || lower.contains("frombase64string"))
        && ["exec(", "eval(", "system(", "popen", "subprocess"]
            .iter()
            .any(|s| lower.contains(s))
    {
        w.finding(
            codes::DECODE_EXEC,
            format!("`{name}` code executes decoded content"),
        );
    }
    for s in shell_strings(code) {
        let _ = w.reparse(&s, None);
    }
    for path in code_deletes(code) {
        w.path(&path, Access::Delete, name);
        rm_target(w, &format!("{name} rmtree"), &Field::plain(&path));
    }
}

/// String literals passed to system-like calls in interpreter code. List forms
/// (`system("rm", "-rf", "/")`, `run(["rm", "-rf", "/"])`) are joined with spaces.
fn shell_strings(code: &str) -> Vec<String> {
    const CALLS: &[&str] = &[
        "system(",
        "system ",
        "popen(",
        "call(",
        "run(",
        "check_output(",
        "Popen(",
        "exec(",
        "execSync(",
        "spawnSync(",
        "spawn(",
        "shell_exec(",
        "passthru(",
        "getoutput(",
        "check_call(",
        "execFileSync(",
        "execvp(",
        "execv(",
        "`",
    ];
    let mut out = Vec::new();
    for call in CALLS {
        for (pos, _) in code.match_indices(call) {
            if out.len() >= 8 {
                return out;
            }
            let rest = code.get(pos + call.len()..).unwrap_or_default();
            if *call == "`" {
                // Ruby/Perl/PHP backticks: the text up to the closing backtick.
                if let Some(end) = rest.find('`') {
                    let body = rest.get(..end).unwrap_or_default();
                    if !body.is_empty() && !out.iter().any(|o: &String| o == body) {
                        out.push(body.to_owned());
                    }
                }
                continue;
            }
            let literals = string_list(rest);
            if !literals.is_empty() {
                out.push(literals.join(" "));
            }
        }
    }
    out
}

/// Reads `"a", 'b', "c"` (optionally inside `[ ]`) at the start of `s`.
fn string_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches([' ', '[', '(']);
    loop {
        let mut chars = rest.chars();
        let Some(q) = chars.next().filter(|c| matches!(c, '"' | '\'')) else {
            break;
        };
        let body: String = chars.take_while(|&c| c != q).collect();
        let consumed = body.len() + 2;
        out.push(body);
        rest = rest.get(consumed..).unwrap_or_default().trim_start();
        match rest.strip_prefix(',') {
            Some(r) if out.len() < 32 => rest = r.trim_start(),
            _ => break,
        }
    }
    out
}

/// Recursive deletes in interpreter code (`shutil.rmtree('/')`, `FileUtils.rm_rf`…).
fn code_deletes(code: &str) -> Vec<String> {
    const CALLS: &[&str] = &[
        "rmtree(",
        "rm_rf(",
        "rm_r(",
        "rmSync(",
        "rimraf(",
        "remove_dir_all(",
        "RemoveAll(",
        "rmdirSync(",
    ];
    let mut out = Vec::new();
    for call in CALLS {
        for (pos, _) in code.match_indices(call) {
            if let Some(first) = string_list(code.get(pos + call.len()..).unwrap_or_default())
                .into_iter()
                .next()
                && out.len() < 8
            {
                out.push(first);
            }
        }
    }
    out
}

/// Prefix assignments and `export`: history disabling.
pub(crate) fn check_assignment(w: &mut Walker, name: &str, value: &Value) {
    let v = match value {
        Value::Known(v) => v.as_str(),
        Value::Unknown => return,
    };
    if (matches!(name, "HISTSIZE" | "HISTFILESIZE" | "SAVEHIST") && v == "0")
        || (name == "HISTFILE" && (v == "/dev/null" || v.is_empty()))
    {
        w.finding(
            codes::HISTORY_WIPE,
            format!("`{name}={v}` disables shell history"),
        );
    }
}

/// Writes to special files (redirects, tee, cp, mv, sed -i…). `truncate`: the write empties it.
pub(crate) fn check_write(w: &mut Walker, target: &str, cmd: &str, truncate: bool) {
    if paths::is_disk_device(target) {
        w.finding(
            codes::DISK_WIPE,
            format!("`{cmd}` writes to the disk device `{}`", excerpt(target)),
        );
    } else if paths::is_sudoers(target) {
        w.finding(
            codes::SUDOERS,
            format!("`{cmd}` writes to `{}`", excerpt(target)),
        );
    } else if paths::is_authorized_keys(target) {
        w.finding(
            codes::AUTHORIZED_KEYS,
            format!("`{cmd}` writes to `{}`", excerpt(target)),
        );
    } else if paths::is_cron(target) {
        w.finding(
            codes::CRONTAB,
            format!("`{cmd}` writes to `{}`", excerpt(target)),
        );
    } else if paths::is_shell_startup(target) {
        w.finding(
            codes::STARTUP,
            format!(
                "`{cmd}` writes to the shell start-up file `{}`",
                excerpt(target)
            ),
        );
    } else if truncate && paths::is_history(target) {
        w.finding(
            codes::HISTORY_WIPE,
            format!("`{cmd}` empties the history file `{}`", excerpt(target)),
        );
    } else if truncate && paths::is_log(target) {
        w.finding(
            codes::LOG_WIPE,
            format!("`{cmd}` empties the log `{}`", excerpt(target)),
        );
    }
}

/// A redirect to `/dev/tcp/HOST/PORT` by command `cmd`.
pub(crate) fn dev_tcp(w: &mut Walker, cmd: &str, host: &str, r: &Resolved) {
    let shellish = is_shell(cmd) || cmd == "exec" || cmd == "redirect" || is_interpreter(cmd);
    if shellish || r.kind == RedirKind::ReadWrite {
        w.net(cmd, host, NetKind::ReverseShell, Vec::new());
        w.finding(
            codes::REVERSE_SHELL,
            format!(
                "`{cmd}` is wired to the network socket `/dev/tcp/{}`",
                excerpt(host)
            ),
        );
    } else if matches!(
        r.kind,
        RedirKind::Write | RedirKind::Append | RedirKind::Both | RedirKind::DupOut
    ) {
        let files: Vec<String> = w
            .out
            .paths
            .iter()
            .filter(|p| p.access == Access::Read && p.command == cmd)
            .map(|p| p.path.clone())
            .collect();
        for f in &files {
            w.path(f, Access::Upload, cmd);
        }
        w.net(cmd, host, NetKind::Upload, files);
        w.finding(
            codes::UPLOAD,
            format!("`{cmd}` sends its output to `{}`", excerpt(host)),
        );
    } else {
        w.net(cmd, host, NetKind::Connect, Vec::new());
    }
}

/// Everything that is not a wrapper, shell or interpreter.
fn classify(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed, redirs: &[Resolved]) -> Feed {
    let t = texts(args);
    if name.starts_with("mkfs")
        || matches!(
            name,
            "mke2fs" | "mkdosfs" | "mkntfs" | "newfs" | "mkswap" | "mkfs.ext4"
        )
    {
        w.finding(
            codes::MKFS,
            format!("`{name}` creates a file system, erasing the device"),
        );
        return Feed::default();
    }
    match name {
        "rm" | "unlink" | "rmdir" | "srm" => rm(w, name, args),
        "shred" | "wipe" => {
            let p = opts::parse(
                args,
                &Spec::new("nsx", &["iterations", "size", "random-source"]),
            );
            for f in operands(args, &p) {
                w.path(&f.text, Access::Delete, name);
                if paths::is_disk_device(&f.text) {
                    w.finding(
                        codes::DISK_WIPE,
                        format!("`{name}` overwrites the disk device `{}`", excerpt(&f.text)),
                    );
                }
                special_delete(w, name, &f.text);
            }
        }
        "truncate" => {
            let p = opts::parse(args, &Spec::new("sr", &["size", "reference"]));
            for f in operands(args, &p) {
                w.path(&f.text, Access::Write, name);
                special_delete(w, name, &f.text);
            }
        }
        "wipefs" | "blkdiscard" => {
            w.finding(codes::DISK_WIPE, format!("`{name}` erases a block device"));
        }
        "sgdisk" | "sfdisk" | "fdisk" | "parted" | "gdisk" | "diskutil" => {
            let destructive = t.iter().any(|a| {
                matches!(
                    *a,
                    "-Z" | "--zap-all"
                        | "-o"
                        | "--clear"
                        | "mklabel"
                        | "eraseDisk"
                        | "zeroDisk"
                        | "--delete"
                        | "rm"
                        | "mkpart"
                        | "partitionDisk"
                        | "secureErase"
                        | "-z"
                        | "--zap"
                )
            });
            if destructive {
                w.finding(
                    codes::DISK_WIPE,
                    format!("`{name}` rewrites a partition table"),
                );
            }
        }
        "dd" => dd(w, args, stdin),
        "chmod" | "chown" | "chgrp" => chmod(w, name, args),
        "kill" => kill(w, args),
        "killall5" => w.finding(codes::KILL_ALL, "`killall5` signals every process"),
        "pkill" | "killall" => {
            let p = opts::parse(
                args,
                &Spec::new(
                    "uUgGPsntFc",
                    &[
                        "euid",
                        "uid",
                        "pgroup",
                        "group",
                        "parent",
                        "session",
                        "ns",
                        "terminal",
                        "pidfile",
                        "signal",
                        "user",
                        "older-than",
                        "younger-than",
                    ],
                ),
            );
            let has_user = p.any('u', "euid") || p.any('U', "uid") || p.long("user");
            let ops = operands(args, &p);
            if has_user && (ops.is_empty() || name == "pkill")
                || ops
                    .iter()
                    .any(|o| matches!(o.text.as_str(), "." | ".*" | "-1"))
            {
                w.finding(
                    codes::KILL_ALL,
                    format!("`{name}` kills every process of a user"),
                );
            }
        }
        "shutdown" | "reboot" | "halt" | "poweroff"
            if !t.iter().any(|a| matches!(*a, "-c" | "--show")) =>
        {
            w.finding(
                codes::SHUTDOWN,
                format!("`{name}` stops or restarts the machine"),
            );
        }
        "init" | "telinit" if t.first().is_some_and(|a| matches!(*a, "0" | "6")) => {
            w.finding(
                codes::SHUTDOWN,
                format!(
                    "`{name} {}` stops or restarts the machine",
                    t.first().copied().unwrap_or_default()
                ),
            );
        }
        "systemctl" | "loginctl"
            if t.iter().any(|a| {
                matches!(*a, "reboot" | "poweroff" | "halt" | "kexec" | "soft-reboot")
            }) =>
        {
            w.finding(
                codes::SHUTDOWN,
                format!("`{name}` stops or restarts the machine"),
            );
        }
        "history"
            if t.iter().any(|a| {
                a.starts_with('-')
                    && (a.contains('c') || a.contains('w') && t.contains(&"/dev/null"))
            }) =>
        {
            w.finding(codes::HISTORY_WIPE, "`history -c` clears the shell history");
        }
        "unset"
            if t.iter()
                .any(|a| matches!(*a, "HISTFILE" | "HISTSIZE" | "HISTFILESIZE")) =>
        {
            w.finding(
                codes::HISTORY_WIPE,
                "`unset HISTFILE` disables shell history",
            );
        }
        "set" if t.windows(2).any(|p| p == ["+o", "history"]) => {
            w.finding(
                codes::HISTORY_WIPE,
                "`set +o history` disables shell history",
            );
        }
        "export" | "declare" | "typeset" | "local" | "readonly" => {}
        "journalctl" if t.iter().any(|a| a.starts_with("--vacuum")) => {
            w.finding(
                codes::LOG_WIPE,
                "`journalctl --vacuum-*` deletes system logs",
            );
        }
        "crontab" => {
            let p = opts::parse(args, &Spec::new("u", &[]));
            if p.short('r') {
                w.finding(codes::CRONTAB, "`crontab -r` removes every cron job");
            } else if !p.short('l') && (p.short('e') || !p.operands.is_empty()) {
                w.finding(codes::CRONTAB, "`crontab` installs a new cron table");
            } else if !p.short('l') && stdin.text.is_some() {
                w.finding(codes::CRONTAB, "`crontab` installs a cron table from stdin");
            }
            for f in operands(args, &p) {
                if f.text != "-" {
                    w.path(&f.text, Access::Read, name);
                }
            }
        }
        "visudo" if !t.contains(&"-c") => {
            w.finding(codes::SUDOERS, "`visudo` edits the sudoers file");
        }
        "usermod"
            if t.iter()
                .any(|a| matches!(*a, "sudo" | "wheel" | "admin" | "root")) =>
        {
            w.finding(
                codes::SUDOERS,
                "`usermod` adds a user to an administrator group",
            );
        }
        "git" => git(w, args),
        "kubectl" | "oc" => kubectl(w, name, args),
        "helm" => {
            let sub = first_operand(args, "nf", &["namespace", "kube-context", "kubeconfig"]);
            if matches!(sub.as_deref(), Some("uninstall" | "delete" | "del" | "un")) {
                w.finding(codes::HELM_UNINSTALL, "`helm uninstall` removes a release");
            }
        }
        "terraform" | "tofu" | "terragrunt" | "pulumi" | "cdk" | "cdktf" | "serverless" | "sls" => {
            infra(w, name, args);
        }
        "aws" => aws(w, args),
        "gcloud" | "az" | "doctl" | "hcloud" | "linode-cli" | "ibmcloud" => {
            let ops: Vec<&str> = t.iter().copied().filter(|a| !a.starts_with('-')).collect();
            if ops
                .iter()
                .any(|a| matches!(*a, "delete" | "destroy" | "purge"))
            {
                w.finding(
                    codes::CLOUD_DELETE,
                    format!("`{name} … delete` deletes cloud resources"),
                );
            }
        }
        "gsutil" => {
            if t.iter().any(|a| matches!(*a, "rm" | "rb"))
                && t.iter()
                    .any(|a| a.starts_with('-') && a.contains('r') || *a == "rb")
            {
                w.finding(
                    codes::CLOUD_DELETE,
                    "`gsutil rm -r` deletes a bucket's contents",
                );
            }
            object_copy(w, name, args, "gs://");
        }
        "psql" | "mysql" | "mariadb" | "sqlite3" | "mongo" | "mongosh" | "redis-cli"
        | "clickhouse-client" | "clickhouse" | "cqlsh" | "sqlcmd" | "duckdb" | "cockroach"
        | "influx" => {
            db(w, name, args, stdin);
        }
        "dropdb" => w.finding(codes::DB_DROP, "`dropdb` deletes a database"),
        "mysqladmin" if t.iter().any(|a| matches!(*a, "drop" | "DROP")) => {
            w.finding(codes::DB_DROP, "`mysqladmin drop` deletes a database");
        }
        "curl" => return curl(w, args, stdin),
        "wget" => return wget(w, args),
        "nc" | "ncat" | "netcat" | "nc.traditional" | "nc.openbsd" | "telnet" => {
            return netcat(w, name, args, stdin, redirs);
        }
        "socat" => return socat(w, args),
        "openssl" => {
            if t.first() == Some(&"s_client") {
                let p = opts::parse(
                    args.get(1..).unwrap_or_default(),
                    &Spec::new("", &["connect"]),
                );
                if let Some(h) = p.values(None, Some("connect")).next().map(str::to_owned) {
                    w.net(name, &h, NetKind::Connect, Vec::new());
                }
                return Feed {
                    remote: true,
                    ..Feed::default()
                };
            }
            if t.iter().any(|a| *a == "base64" || *a == "enc") && t.contains(&"-d") {
                return decoded_out(w, name, args, 1, stdin);
            }
        }
        "scp" | "rsync" | "sftp" | "ftp" | "lftp" => transfer(w, name, args, stdin),
        "dig" | "nslookup" | "host" | "drill" | "resolvectl" | "kdig" => {
            for a in args.iter().filter(|a| {
                !a.text.starts_with('-') && !a.text.starts_with('@') && !a.text.starts_with('+')
            }) {
                w.net(name, &a.text, NetKind::Dns, Vec::new());
                if a.dynamic
                    && a.text.contains('.')
                    && (a.text.contains("$(") || a.text.contains('`') || a.text.contains('$'))
                {
                    w.finding(
                        codes::DNS_EXFIL,
                        format!(
                            "`{name}` looks up a name built from command output: `{}`",
                            excerpt(&a.text)
                        ),
                    );
                }
            }
        }
        "ping" => {
            if let Some(a) = args.iter().rev().find(|a| !a.text.starts_with('-'))
                && a.dynamic
                && (a.text.contains("$(") || a.text.contains('`'))
            {
                w.finding(
                    codes::DNS_EXFIL,
                    format!(
                        "`ping` resolves a name built from command output: `{}`",
                        excerpt(&a.text)
                    ),
                );
            }
        }
        "mail" | "mailx" | "sendmail" | "mutt" | "msmtp" | "s-nail" => {
            let p = opts::parse(args, &Spec::new("saAbcfrFi", &["subject", "attach"]));
            let mut files: Vec<String> = p
                .values(Some('a'), Some("attach"))
                .chain(p.values(Some('A'), None))
                .map(str::to_owned)
                .collect();
            files.extend(stdin.files.iter().cloned());
            for f in &files {
                w.path(f, Access::Upload, name);
            }
            for r in operands(args, &p) {
                w.net(name, &r.text, NetKind::Mail, files.clone());
            }
            if !files.is_empty() {
                w.finding(codes::UPLOAD, format!("`{name}` mails local files"));
            }
        }
        "npm" | "yarn" | "pnpm" | "cargo" | "twine" | "gem" | "poetry" | "flit" | "hatch"
        | "uv" | "dotnet" | "mvn" | "gradle" | "docker" | "podman" => publish(w, name, args),
        "base64" | "b64" => {
            let p = opts::parse(args, &Spec::new("w", &["wrap"]));
            for f in operands(args, &p) {
                w.path(&f.text, Access::Read, name);
            }
            if p.any('d', "decode") || p.short('D') {
                return decoded_out(w, name, args, 0, stdin);
            }
            return Feed::taint_of(stdin);
        }
        "xxd" => {
            let p = opts::parse(
                args,
                &Spec::new(
                    "lscgon",
                    &["len", "seek", "cols", "groupsize", "offset", "name"],
                ),
            );
            for f in operands(args, &p).into_iter().take(1) {
                w.path(&f.text, Access::Read, name);
            }
            if p.short('r') {
                return Feed {
                    decoded: true,
                    ..Feed::taint_of(stdin)
                };
            }
        }
        "rev" | "tr" | "uudecode" | "basenc" | "base32" | "gunzip" | "zcat" | "gzip" | "bzip2"
        | "bunzip2" | "xz" | "unxz" | "zstd" | "openssl-dec" | "iconv" | "perl-decode" => {
            let decoding = matches!(name, "rev" | "uudecode")
                || t.iter().any(|a| matches!(*a, "-d" | "--decode" | "-D"))
                || matches!(name, "gunzip" | "zcat" | "bunzip2" | "unxz")
                || name == "tr" && stdin.text.is_some();
            for f in args.iter().filter(|a| !a.text.starts_with('-')) {
                if !matches!(name, "tr") {
                    w.path(&f.text, Access::Read, name);
                }
            }
            let mut out = Feed::taint_of(stdin);
            out.decoded |= decoding;
            return out;
        }
        "which" | "whence" => {
            let names: Vec<&str> = t.iter().copied().filter(|a| !a.starts_with('-')).collect();
            return Feed::text(names.join("\n"));
        }
        "alias" => {
            for a in args {
                if let Some((k, v)) = a.text.split_once('=')
                    && !a.dynamic
                {
                    w.aliases.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        "rimraf" | "del-cli" | "trash" => {
            for f in args.iter().filter(|a| !a.text.starts_with('-')) {
                w.path(&f.text, Access::Delete, name);
                rm_target(w, name, f);
            }
        }
        "echo" => {
            let mut i = 0;
            let mut escapes = false;
            while let Some(a) = args.get(i) {
                if a.text.len() > 1
                    && a.text.starts_with('-')
                    && a.text.chars().skip(1).all(|c| matches!(c, 'n' | 'e' | 'E'))
                {
                    escapes |= a.text.contains('e');
                    i += 1;
                } else {
                    break;
                }
            }
            let text = texts(args.get(i..).unwrap_or_default()).join(" ");
            let mut out = Feed::default();
            for a in args {
                out.merge(&Feed {
                    text: None,
                    ..a.feed.clone()
                });
            }
            if escapes && text.contains('\\') {
                out.decoded = true;
                out.text = Some(printf_decode(&text));
            } else if args.iter().all(|a| !a.dynamic) {
                out.text = Some(text);
            }
            return out;
        }
        "printf" => {
            let fmt = t.first().copied().unwrap_or_default();
            let mut out = Feed::default();
            for a in args {
                out.merge(&Feed {
                    text: None,
                    ..a.feed.clone()
                });
            }
            let rest = t.get(1..).unwrap_or_default().join(" ");
            let expanded = if fmt.contains("%s") || fmt.contains("%b") {
                fmt.replacen("%s", &rest, 1).replacen("%b", &rest, 1)
            } else {
                fmt.to_owned()
            };
            if expanded.contains("\\x")
                || expanded.contains("\\0")
                || expanded.contains("\\u")
                || (fmt.contains("%b") && rest.contains('\\'))
            {
                out.decoded = true;
            }
            out.text = Some(printf_decode(&expanded));
            return out;
        }
        "cat" | "tac" | "nl" | "head" | "tail" | "less" | "more" | "strings" | "od" | "hexdump"
        | "bat" | "batcat" | "file" | "stat" | "wc" | "md5sum" | "sha1sum" | "sha256sum"
        | "sha512sum" | "cksum" | "sort" | "uniq" | "cut" | "diff" | "cmp" | "jq" | "yq"
        | "column" | "fold" | "paste" | "join" | "comm" | "expand" | "fmt" | "pr" | "look"
        | "zless" | "zmore" | "xxd-r" | "readlink" | "realpath" | "ls" | "du" | "tree" | "sum"
        | "b2sum" | "openssl-dgst" | "pygmentize" | "view" => {
            return read_files(w, name, args, stdin);
        }
        "grep" | "egrep" | "fgrep" | "rg" | "ag" | "ack" | "zgrep" => grep(w, name, args),
        "sed" | "gsed" => sed(w, name, args, stdin),
        "awk" | "gawk" | "mawk" | "nawk" => awk(w, name, args, stdin),
        "vi" | "vim" | "nvim" | "nano" | "emacs" | "pico" | "ed" | "ex" | "code" | "subl"
        | "joe" | "micro" | "kak" | "hx" | "mcedit" => {
            for f in args
                .iter()
                .filter(|a| !a.text.starts_with('-') && !a.text.starts_with('+'))
            {
                w.path(&f.text, Access::Read, name);
                w.path(&f.text, Access::Write, name);
                check_write(w, &f.text, name, false);
            }
        }
        "tee" => {
            let p = opts::parse(args, &Spec::new("", &["output-error"]));
            for f in operands(args, &p) {
                w.path(&f.text, Access::Write, name);
                check_write(w, &f.text, name, !p.any('a', "append"));
            }
            if stdin.is_dangerous() {
                for f in operands(args, &p) {
                    if stdin.download.is_some() {
                        w.downloaded.insert(f.text.clone());
                    }
                    if stdin.decoded {
                        w.decoded_files.insert(f.text.clone());
                    }
                }
            }
            return stdin.clone();
        }
        "cp" | "mv" | "install" | "ln" | "rsync-local" => copy(w, name, args),
        "tar" | "bsdtar" | "gtar" => return tar(w, args),
        "zip" | "7z" | "7za" | "rar" => {
            let ops: Vec<&Field> = args.iter().filter(|a| !a.text.starts_with('-')).collect();
            let skip = usize::from(name != "zip");
            if let Some((archive, rest)) = ops.get(skip..).and_then(<[&Field]>::split_first) {
                w.path(&archive.text, Access::Write, name);
                for f in rest {
                    w.path(&f.text, Access::Read, name);
                }
                if archive.text == "-" {
                    return Feed {
                        files: rest.iter().map(|f| f.text.clone()).collect(),
                        ..Feed::default()
                    };
                }
            }
        }
        "unzip" => {
            if let Some(a) = args.iter().find(|a| !a.text.starts_with('-')) {
                w.path(&a.text, Access::Read, name);
            }
        }
        "source" | "." => {
            if let Some(f) = args.first() {
                run_script_file(w, name, f);
            }
        }
        "cd" | "pushd" => {
            let target = args
                .iter()
                .find(|a| !a.text.starts_with('-') || a.text == "-");
            w.cwd = match target {
                None => Some("~".to_owned()),
                Some(t) if t.dynamic || t.text == "-" => None,
                Some(t) if t.text.starts_with('/') || t.text.starts_with('~') => {
                    Some(t.text.clone())
                }
                Some(t) => w.cwd.as_ref().map(|c| format!("{c}/{}", t.text)),
            };
        }
        "docker-compose" => {}
        _ => {}
    }
    Feed::default()
}

/// A decoder's output (base64 -d FILE or stdin).
fn decoded_out(w: &mut Walker, name: &str, args: &[Field], skip: usize, stdin: &Feed) -> Feed {
    let mut out = Feed::taint_of(stdin);
    for f in args.iter().skip(skip).filter(|a| !a.text.starts_with('-')) {
        if w.downloaded.contains(&f.text) {
            out.download.get_or_insert_with(String::new);
        }
        let _ = name;
    }
    out.decoded = true;
    out
}

fn first_operand(
    args: &[Field],
    short_values: &'static str,
    long_values: &'static [&'static str],
) -> Option<String> {
    let p = opts::parse(args, &Spec::new(short_values, long_values));
    p.operands
        .first()
        .and_then(|&i| args.get(i))
        .map(|f| f.text.clone())
}

// ----- rm and friends --------------------------------------------------------------------

fn rm(w: &mut Walker, name: &str, args: &[Field]) {
    let p = opts::parse(args, &Spec::new("", &["interactive", "preserve-root"]));
    let recursive =
        p.short('r') || p.short('R') || p.long("recursive") || name == "srm" && p.short('r');
    for f in operands(args, &p) {
        w.path(&f.text, Access::Delete, name);
        special_delete(w, name, &f.text);
        if recursive {
            rm_target(w, &format!("{name} -r"), f);
        }
    }
}

/// History and log files deleted or emptied.
fn special_delete(w: &mut Walker, name: &str, path: &str) {
    if paths::is_history(path) {
        w.finding(
            codes::HISTORY_WIPE,
            format!("`{name}` destroys the history file `{}`", excerpt(path)),
        );
    } else if paths::is_log(path) {
        w.finding(
            codes::LOG_WIPE,
            format!("`{name}` destroys the log `{}`", excerpt(path)),
        );
    } else if paths::is_disk_device(path) && name == "truncate" {
        w.finding(
            codes::DISK_WIPE,
            format!("`{name}` truncates the device `{}`", excerpt(path)),
        );
    }
}

/// The target of a recursive delete.
pub(crate) fn rm_target(w: &mut Walker, by: &str, f: &Field) {
    let text = f.text.as_str();
    let mut target = paths::classify(text);
    // A relative target after `cd DIR`: judge where it really points.
    if let Some(cwd) = &w.cwd
        && !text.starts_with(['/', '~', '$'])
        && matches!(target, Target::Other | Target::Cwd | Target::Parent)
    {
        let joined = paths::classify(&format!("{cwd}/{text}"));
        if matches!(joined, Target::Root | Target::Home | Target::System) {
            target = joined;
        }
    }
    let code = match target {
        Target::Root => Some((codes::RM_ROOT, "the root directory")),
        Target::Home => Some((codes::RM_HOME, "a home directory")),
        Target::System => Some((codes::RM_SYSTEM, "a system directory")),
        Target::Cwd => Some((codes::RM_CWD, "the working directory")),
        Target::Parent => Some((codes::RM_PARENT, "a parent directory")),
        Target::Other => None,
    };
    if let Some((code, what)) = code {
        w.finding(code, format!("`{by}` deletes {what}: `{}`", excerpt(text)));
        return;
    }
    if f.dynamic {
        // With each runtime part standing for one path segment (`/home/$USER`), what is it?
        let placeholder = replace_dynamic(text);
        let code = match paths::classify(&placeholder) {
            Target::Root => Some((codes::RM_ROOT, "the root directory")),
            Target::Home => Some((codes::RM_HOME, "a home directory")),
            Target::System => Some((codes::RM_SYSTEM, "a system directory")),
            _ => None,
        };
        if let Some((code, what)) = code {
            w.finding(code, format!("`{by}` deletes {what}: `{}`", excerpt(text)));
            return;
        }
    }
    if f.dynamic && !text.contains(":?") {
        // With its variables empty, what would the operand be? (`${X:?}` aborts instead.)
        let stripped = strip_dynamic(text);
        let n = paths::normalize(&stripped);
        if matches!(paths::classify(&stripped), Target::Root | Target::System)
            || stripped.is_empty()
            || matches!(n.as_str(), "~" | "/home" | "/Users" | "/root")
        {
            w.finding(
                codes::RM_DYNAMIC,
                format!(
                    "`{by}` deletes a path only known at run time: `{}`",
                    excerpt(text)
                ),
            );
        }
    } else if paths::is_log(text) {
        w.finding(
            codes::LOG_WIPE,
            format!("`{by}` deletes logs: `{}`", excerpt(text)),
        );
    }
}

/// Replaces each runtime part of a dynamic operand by a placeholder `x` (`/home/$USER` →
/// `/home/x`).
fn replace_dynamic(text: &str) -> String {
    strip_dynamic_with(text, "x")
}

/// Removes `$X`, `${…}`, `$(…)` and backtick parts from a dynamic operand.
fn strip_dynamic(text: &str) -> String {
    strip_dynamic_with(text, "")
}

fn strip_dynamic_with(text: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => match chars.peek() {
                Some('{') => {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                    out.push_str(marker);
                }
                Some('(') => {
                    let mut depth = 0;
                    for d in chars.by_ref() {
                        match d {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    out.push_str(marker);
                }
                _ => {
                    while chars.peek().is_some_and(|d| {
                        d.is_ascii_alphanumeric() || *d == '_' || *d == '@' || *d == '*'
                    }) {
                        chars.next();
                    }
                    out.push_str(marker);
                }
            },
            '`' => {
                for d in chars.by_ref() {
                    if d == '`' {
                        break;
                    }
                }
                out.push_str(marker);
            }
            c => out.push(c),
        }
    }
    out
}

fn dd(w: &mut Walker, args: &[Field], stdin: &Feed) {
    for a in args {
        if let Some(v) = a.text.strip_prefix("if=") {
            w.path(v, Access::Read, "dd");
        } else if let Some(v) = a.text.strip_prefix("of=") {
            w.path(v, Access::Write, "dd");
            if paths::is_disk_device(v) {
                w.finding(
                    codes::DISK_WIPE,
                    format!("`dd` overwrites the disk device `{}`", excerpt(v)),
                );
            } else {
                check_write(w, v, "dd", true);
            }
            if stdin.download.is_some() {
                w.downloaded.insert(v.to_owned());
            }
        }
    }
}

fn chmod(w: &mut Walker, name: &str, args: &[Field]) {
    let p = opts::parse(args, &Spec::new("", &["reference", "from"]));
    let recursive = p.short('R') || p.long("recursive");
    let ops = operands(args, &p);
    // chmod's mode may look like an option (`-x`, `-w`): take it from the raw args then.
    let (mode, targets): (Option<String>, Vec<&Field>) = if p.long("reference") {
        (None, ops)
    } else if let Some((m, rest)) = ops.split_first() {
        (Some(m.text.clone()), rest.to_vec())
    } else {
        (None, Vec::new())
    };
    let world = name == "chmod" && mode.as_deref().is_some_and(world_writable);
    for f in targets {
        w.path(&f.text, Access::Write, name);
        let target = paths::classify(&f.text);
        let system = matches!(target, Target::Root | Target::System | Target::Home);
        if recursive && system {
            w.finding(
                codes::CHMOD_SYSTEM,
                format!(
                    "`{name} -R` changes ownership or permissions of `{}`",
                    excerpt(&f.text)
                ),
            );
        } else if world && (recursive || system || matches!(target, Target::Cwd | Target::Parent)) {
            let risk = if system || recursive && matches!(target, Target::Cwd | Target::Parent) {
                95
            } else {
                75
            };
            w.finding_risk(
                codes::CHMOD_WORLD,
                risk,
                format!(
                    "`chmod {}` makes `{}` world-writable",
                    mode.as_deref().unwrap_or_default(),
                    excerpt(&f.text)
                ),
            );
        } else if world && paths::is_sudoers(&f.text) {
            w.finding(codes::SUDOERS, "`chmod` makes the sudoers file writable");
        }
        if name == "chmod" && (paths::is_sudoers(&f.text)) {
            // Permission changes on sudoers are covered by the path classifier.
        }
    }
}

fn world_writable(mode: &str) -> bool {
    if mode.chars().all(|c| c.is_ascii_digit()) {
        // The last digit is "other": 2, 3, 6, 7 include write.
        return mode
            .chars()
            .last()
            .is_some_and(|c| matches!(c, '2' | '3' | '6' | '7'));
    }
    mode.split(',').any(|clause| {
        let (who, perm) = clause.split_once(['+', '=']).unwrap_or(("", ""));
        (who.is_empty() || who.contains('o') || who.contains('a'))
            && perm.contains('w')
            && clause.contains(['+', '='])
    })
}

fn kill(w: &mut Walker, args: &[Field]) {
    let t = texts(args);
    // `-1` as a pid means every process; `kill -1` alone is read the same way (brief).
    let pid_minus_one = if let ["-1"] = t.as_slice() {
        true
    } else {
        let mut seen_signal = false;
        let mut hit = false;
        for (i, a) in t.iter().enumerate() {
            if *a == "--" {
                hit |= t.get(i + 1) == Some(&"-1");
                break;
            }
            if *a == "-1" && seen_signal {
                hit = true;
            }
            if a.starts_with('-') {
                if matches!(*a, "-s" | "-n") {
                    seen_signal = false;
                    continue;
                }
                seen_signal = true;
            } else if i > 0 && matches!(t.get(i - 1), Some(&"-s" | &"-n")) {
                seen_signal = true;
            }
        }
        hit
    };
    if pid_minus_one {
        w.finding(codes::KILL_ALL, "`kill -1` signals every process");
    }
}

// ----- git, kubectl, infrastructure --------------------------------------------------------

fn git(w: &mut Walker, args: &[Field]) {
    // Global options before the subcommand.
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match a.text.as_str() {
            "-C" | "-c" | "--git-dir" | "--work-tree" | "--namespace" | "--exec-path"
            | "--config-env" => i += 2,
            t if t.starts_with('-') => i += 1,
            _ => break,
        }
    }
    // `git -c alias.x='!cmd' x` and `-c core.sshCommand=…` run shell text.
    let configs: Vec<String> = args
        .get(..i)
        .unwrap_or_default()
        .windows(2)
        .filter(|p| p.first().is_some_and(|a| a.text == "-c"))
        .filter_map(|p| p.get(1).map(|v| v.text.clone()))
        .collect();
    for c in configs {
        let Some((key, value)) = c.split_once('=') else {
            continue;
        };
        let key = key.to_ascii_lowercase();
        let shell_text = if key.starts_with("alias.") {
            value.strip_prefix('!')
        } else if matches!(
            key.as_str(),
            "core.sshcommand"
                | "core.pager"
                | "core.editor"
                | "core.fsmonitor"
                | "core.hookspath"
                | "sequence.editor"
                | "diff.external"
        ) {
            Some(value)
        } else {
            None
        };
        if let Some(text) = shell_text {
            let _ = w.reparse(text, None);
        }
    }
    let Some(sub) = args.get(i) else { return };
    let rest = args.get(i + 1..).unwrap_or_default();
    let t = texts(rest);
    // Options that take a value, per subcommand (a generic table misreads bundles like `-xdf`).
    let spec = match sub.text.as_str() {
        "clean" => Spec::new("e", &["exclude"]),
        "branch" => Spec::new(
            "u",
            &[
                "set-upstream-to",
                "contains",
                "no-contains",
                "merged",
                "no-merged",
                "points-at",
                "format",
                "sort",
            ],
        ),
        "reset" => Spec::new("", &["pathspec-from-file"]),
        "checkout" | "restore" | "switch" => Spec::new(
            "bBs",
            &[
                "source",
                "conflict",
                "orphan",
                "track",
                "pathspec-from-file",
            ],
        ),
        "commit" => Spec::new(
            "mFcCt",
            &[
                "message",
                "file",
                "reuse-message",
                "reedit-message",
                "template",
                "author",
                "date",
                "cleanup",
                "fixup",
                "squash",
            ],
        ),
        "clone" => Spec::new(
            "obuc",
            &[
                "origin",
                "branch",
                "upload-pack",
                "config",
                "depth",
                "reference",
                "separate-git-dir",
                "filter",
                "jobs",
                "template",
            ],
        ),
        "fetch" | "pull" => Spec::new(
            "j",
            &[
                "depth",
                "jobs",
                "upload-pack",
                "refmap",
                "shallow-since",
                "shallow-exclude",
                "strategy",
                "strategy-option",
            ],
        ),
        _ => Spec::new("", &[]),
    };
    let p = opts::parse(rest, &spec);
    let ops = operands(rest, &p);
    match sub.text.as_str() {
        "push" => {
            let p = opts::parse(
                rest,
                &Spec::new(
                    "o",
                    &["repo", "receive-pack", "exec", "push-option", "signed"],
                ),
            );
            let ops = operands(rest, &p);
            if p.long("dry-run") || p.short('n') {
                return;
            }
            let remote = ops.first().map(|f| f.text.clone());
            if let Some(r) = &remote
                && is_url(r)
            {
                w.net("git", r, NetKind::GitRemote, Vec::new());
            }
            let refspecs = ops.get(1..).unwrap_or_default();
            if p.long("mirror") {
                w.finding(
                    codes::GIT_MIRROR_PUSH,
                    "`git push --mirror` overwrites every ref on the remote",
                );
            }
            let force = p.short('f')
                || p.long("force")
                || p.long("force-with-lease")
                || p.long("force-if-includes")
                || refspecs.iter().any(|r| r.text.starts_with('+'));
            if force {
                w.finding(
                    codes::GIT_FORCE_PUSH,
                    "`git push --force` rewrites remote history",
                );
            }
            if p.short('d')
                || p.long("delete")
                || p.long("prune")
                || refspecs
                    .iter()
                    .any(|r| r.text.starts_with(':') && r.text.len() > 1)
            {
                w.finding(
                    codes::GIT_REMOTE_DELETE,
                    "`git push` deletes remote branches or tags",
                );
            }
        }
        "clone" | "fetch" | "pull" | "ls-remote" | "submodule" | "archive" => {
            for o in &ops {
                if is_url(&o.text) {
                    w.net(
                        "git",
                        &o.text,
                        if sub.text == "archive" {
                            NetKind::Fetch
                        } else {
                            NetKind::GitRemote
                        },
                        Vec::new(),
                    );
                }
            }
        }
        "remote" => {
            if let [verb, _, url, ..] = t.as_slice()
                && matches!(*verb, "add" | "set-url")
                && is_url(url)
            {
                w.net("git", url, NetKind::GitRemote, Vec::new());
            }
        }
        "reset" if p.long("hard") => {
            w.finding(
                codes::GIT_HISTORY,
                "`git reset --hard` discards uncommitted work",
            );
        }
        "clean" => {
            let dry = p.short('n') || p.long("dry-run") || p.short('i') || p.long("interactive");
            if !dry && (p.short('f') || p.long("force")) {
                w.finding(codes::GIT_HISTORY, "`git clean -f` deletes untracked files");
            }
        }
        "branch"
            if (p.short('D')
                || (p.short('d') || p.long("delete")) && (p.short('f') || p.long("force"))) =>
        {
            w.finding(
                codes::GIT_HISTORY,
                "`git branch -D` deletes an unmerged branch",
            );
        }
        "checkout" => {
            let dd = t.iter().position(|a| *a == "--");
            let paths_after: Vec<&str> = dd
                .map(|i| t.get(i + 1..).unwrap_or_default().to_vec())
                .unwrap_or_default();
            let discard_all = paths_after
                .iter()
                .chain(
                    ops.iter()
                        .map(|o| &o.text)
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .iter(),
                )
                .any(|a| matches!(*a, "." | "*" | ":/" | "./"));
            if discard_all || p.short('f') && ops.is_empty() {
                w.finding(
                    codes::GIT_HISTORY,
                    "`git checkout -- .` discards uncommitted changes",
                );
            }
        }
        "restore" => {
            let staged_only =
                (p.short('S') || p.long("staged")) && !(p.short('W') || p.long("worktree"));
            if !staged_only
                && ops
                    .iter()
                    .any(|o| matches!(o.text.as_str(), "." | "*" | ":/" | "./"))
            {
                w.finding(
                    codes::GIT_HISTORY,
                    "`git restore .` discards uncommitted changes",
                );
            }
        }
        "stash" if t.first().is_some_and(|a| *a == "clear") => {
            w.finding(codes::GIT_HISTORY, "`git stash clear` deletes every stash");
        }
        "filter-branch" | "filter-repo" => w.finding(
            codes::GIT_HISTORY,
            format!("`git {}` rewrites history", sub.text),
        ),
        "reflog" if t.first().is_some_and(|a| *a == "expire" || *a == "delete") => {
            w.finding(
                codes::GIT_HISTORY,
                "`git reflog expire` destroys recovery points",
            );
        }
        "update-ref" if p.short('d') => {
            w.finding(codes::GIT_HISTORY, "`git update-ref -d` deletes a ref");
        }
        _ => {}
    }
}

fn is_url(s: &str) -> bool {
    s.contains("://")
        || (s.contains('@') && s.contains(':'))
        || s.to_ascii_lowercase().ends_with(".git") && s.contains(':')
}

fn kubectl(w: &mut Walker, name: &str, args: &[Field]) {
    let p = opts::parse(
        args,
        &Spec::new(
            "nlfoclL",
            &[
                "namespace",
                "selector",
                "filename",
                "output",
                "context",
                "cluster",
                "kubeconfig",
                "user",
                "field-selector",
                "grace-period",
                "timeout",
                "cascade",
                "server",
                "token",
            ],
        ),
    );
    let ops = operands(args, &p);
    if ops.first().map(|f| f.text.as_str()) != Some("delete") {
        return;
    }
    let kinds: Vec<String> = ops
        .get(1..)
        .unwrap_or_default()
        .iter()
        .map(|f| f.text.to_ascii_lowercase())
        .collect();
    let ns = kinds.iter().any(|k| {
        k.split(',').any(|part| {
            let kind = part.split('/').next().unwrap_or(part);
            matches!(
                kind,
                "namespace"
                    | "namespaces"
                    | "ns"
                    | "pv"
                    | "persistentvolume"
                    | "persistentvolumes"
                    | "crd"
                    | "crds"
                    | "customresourcedefinition"
                    | "customresourcedefinitions"
                    | "node"
                    | "nodes"
                    | "all"
            )
        })
    });
    let all = p.long("all") || p.short('A') || p.long("all-namespaces");
    if ns || all {
        w.finding(
            codes::KUBECTL_DELETE,
            format!("`{name} delete` removes namespaces or every resource of a kind"),
        );
    }
}

fn infra(w: &mut Walker, name: &str, args: &[Field]) {
    let t = texts(args);
    let ops: Vec<&str> = t.iter().copied().filter(|a| !a.starts_with('-')).collect();
    let destroy = match name {
        "terraform" | "tofu" | "terragrunt" | "cdktf" => {
            ops.first().is_some_and(|s| {
                *s == "destroy" || *s == "run-all" && ops.get(1) == Some(&"destroy")
            }) || ops.first().is_some_and(|s| *s == "apply")
                && t.iter().any(|a| *a == "-destroy" || *a == "--destroy")
                || ops.first() == Some(&"state") && ops.get(1).is_some_and(|s| *s == "rm")
                || ops.first() == Some(&"workspace") && ops.get(1) == Some(&"delete")
        }
        "pulumi" => {
            ops.first()
                .is_some_and(|s| matches!(*s, "destroy" | "down"))
                || ops.first() == Some(&"stack") && ops.get(1) == Some(&"rm")
        }
        "cdk" => ops.first() == Some(&"destroy"),
        "serverless" | "sls" => ops.first() == Some(&"remove"),
        _ => false,
    };
    if destroy {
        w.finding(
            codes::INFRA_DESTROY,
            format!("`{name}` destroys managed infrastructure"),
        );
    }
}

fn aws(w: &mut Walker, args: &[Field]) {
    let p = opts::parse(
        args,
        &Spec::new(
            "",
            &[
                "region",
                "profile",
                "output",
                "endpoint-url",
                "query",
                "instance-ids",
                "bucket",
                "key",
                "db-instance-identifier",
                "db-cluster-identifier",
                "table-name",
                "stack-name",
                "function-name",
                "cli-input-json",
                "exclude",
                "include",
                "acl",
                "storage-class",
                "cluster",
                "service",
                "name",
                "role-name",
                "user-name",
                "group-name",
                "policy-arn",
                "color",
                "ca-bundle",
                "cli-read-timeout",
                "cli-connect-timeout",
            ],
        ),
    );
    let ops = operands(args, &p);
    let service = ops.first().map_or("", |f| f.text.as_str());
    let op = ops.get(1).map_or("", |f| f.text.as_str());
    if service == "s3" {
        match op {
            "rb" => w.finding(codes::CLOUD_DELETE, "`aws s3 rb` deletes a bucket"),
            "rm" if p.long("recursive") => w.finding(
                codes::CLOUD_DELETE,
                "`aws s3 rm --recursive` deletes every object under a prefix",
            ),
            _ => {}
        }
        if matches!(op, "cp" | "sync" | "mv") {
            object_copy(
                w,
                "aws",
                ops.get(2..)
                    .unwrap_or_default()
                    .iter()
                    .map(|f| (*f).clone())
                    .collect::<Vec<_>>()
                    .as_slice(),
                "s3://",
            );
        }
        return;
    }
    if op.starts_with("delete-")
        || op.starts_with("terminate-")
        || op == "deregister-task-definition"
        || op.starts_with("purge-")
    {
        w.finding(
            codes::CLOUD_DELETE,
            format!("`aws {service} {op}` deletes cloud resources"),
        );
    }
}

/// `aws s3 cp`, `gsutil cp`: local → remote is an upload, remote → local a fetch.
fn object_copy(w: &mut Walker, name: &str, args: &[Field], scheme: &str) {
    let ops: Vec<&Field> = args.iter().filter(|a| !a.text.starts_with('-')).collect();
    let (Some(dest), true) = (ops.last(), ops.len() >= 2) else {
        return;
    };
    let srcs = ops.get(..ops.len() - 1).unwrap_or_default();
    if dest.text.starts_with(scheme) {
        let files: Vec<String> = srcs
            .iter()
            .filter(|s| !s.text.contains("://"))
            .map(|s| s.text.clone())
            .collect();
        for f in &files {
            w.path(f, Access::Upload, name);
        }
        w.net(name, &dest.text, NetKind::Upload, files);
    } else {
        for s in srcs.iter().filter(|s| s.text.starts_with(scheme)) {
            w.net(name, &s.text, NetKind::Fetch, Vec::new());
        }
        w.path(&dest.text, Access::Write, name);
    }
}

fn db(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed) {
    let mut sql: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if matches!(
            t,
            "-c" | "-e" | "--eval" | "--command" | "--execute" | "-q" | "--query" | "-Q"
        ) {
            if let Some(v) = args.get(i + 1) {
                sql.push(v.text.clone());
            }
            i += 2;
            continue;
        }
        for pre in [
            "--command=",
            "--execute=",
            "--eval=",
            "--query=",
            "-c",
            "-e",
        ] {
            if let Some(v) = t.strip_prefix(pre)
                && !v.is_empty()
                && (pre.len() > 2 || !t.starts_with("--"))
            {
                sql.push(v.to_owned());
            }
        }
        i += 1;
    }
    if matches!(name, "sqlite3" | "duckdb" | "redis-cli") {
        sql.push(
            args.iter()
                .filter(|a| !a.text.starts_with('-'))
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if let Some(t) = &stdin.text {
        sql.push(t.clone());
    }
    for s in sql {
        let u = s.to_ascii_uppercase();
        let words: Vec<&str> = u
            .split(|c: char| {
                !(c.is_ascii_alphanumeric() || c == '_' || c == '(' || c == ')' || c == '.')
            })
            .filter(|x| !x.is_empty())
            .collect();
        let drop = words.windows(2).any(|p| {
            p.first() == Some(&"DROP")
                && p.get(1).is_some_and(|k| {
                    matches!(
                        *k,
                        "DATABASE"
                            | "TABLE"
                            | "SCHEMA"
                            | "COLLECTION"
                            | "KEYSPACE"
                            | "USER"
                            | "INDEX"
                            | "VIEW"
                    )
                })
        }) || u.contains("DROPDATABASE(")
            || u.contains(".DROP()")
            || words.iter().any(|w| *w == "FLUSHALL" || *w == "FLUSHDB");
        let truncate = words.contains(&"TRUNCATE")
            || words.windows(2).any(|p| p == ["DELETE", "FROM"]) && !words.contains(&"WHERE")
            || u.contains("DELETEMANY({})")
            || u.contains("REMOVE({})");
        if drop {
            w.finding(
                codes::DB_DROP,
                format!(
                    "`{name}` runs a statement that drops data: `{}`",
                    excerpt(&s)
                ),
            );
        } else if truncate {
            w.finding(
                codes::DB_TRUNCATE,
                format!(
                    "`{name}` runs a statement that empties a table: `{}`",
                    excerpt(&s)
                ),
            );
        }
    }
}

// ----- network -----------------------------------------------------------------------------

fn curl(w: &mut Walker, args: &[Field], stdin: &Feed) -> Feed {
    let p = opts::parse(
        args,
        &Spec::new(
            "odFTHXuAebcxwKmrEYyCzUQPt",
            &[
                "output",
                "data",
                "data-binary",
                "data-raw",
                "data-urlencode",
                "data-ascii",
                "form",
                "form-string",
                "upload-file",
                "header",
                "request",
                "user",
                "user-agent",
                "referer",
                "cookie",
                "cookie-jar",
                "proxy",
                "write-out",
                "config",
                "max-time",
                "connect-timeout",
                "range",
                "cert",
                "key",
                "cacert",
                "capath",
                "retry",
                "url",
                "resolve",
                "interface",
                "proxy-user",
                "limit-rate",
                "continue-at",
                "output-dir",
                "json",
                "quote",
                "dns-servers",
                "oauth2-bearer",
                "mail-from",
                "mail-rcpt",
                "retry-max-time",
                "retry-delay",
                "max-filesize",
                "expect100-timeout",
                "connect-to",
                "hostpubmd5",
                "pinnedpubkey",
                "proto",
                "proto-redir",
                "socks5",
                "socks5-hostname",
                "local-port",
                "trace",
                "trace-ascii",
                "stderr",
                "variable",
                "aws-sigv4",
                "netrc-file",
                "time-cond",
                "telnet-option",
                "login-options",
                "sasl-authzid",
                "request-target",
                "keepalive-time",
                "happy-eyeballs-timeout-ms",
                "create-file-mode",
                "ftp-port",
                "ftp-account",
            ],
        ),
    );
    let mut urls: Vec<String> = operands(args, &p).iter().map(|f| f.text.clone()).collect();
    urls.extend(p.values(None, Some("url")).map(str::to_owned));
    let mut files: Vec<String> = Vec::new();
    let mut stdin_upload = false;
    for o in &p.opts {
        let Some(v) = o.value.as_deref() else {
            continue;
        };
        let name = o.name.as_str();
        let is = |c: &str, l: &str| {
            if o.long {
                l.starts_with(name) && !name.is_empty()
            } else {
                name == c
            }
        };
        if is("F", "form") {
            if let Some((_, rhs)) = v.split_once('=') {
                let rhs = rhs.split(';').next().unwrap_or(rhs);
                if let Some(f) = rhs.strip_prefix('@').or_else(|| rhs.strip_prefix('<')) {
                    if f == "-" {
                        stdin_upload = true;
                    } else {
                        files.push(f.to_owned());
                    }
                }
            }
        } else if is("T", "upload-file") {
            if v == "-" || v == "." {
                stdin_upload = true;
            } else {
                files.push(v.to_owned());
            }
        } else if is("d", "data")
            || (o.long
                && [
                    "data-binary",
                    "data-raw",
                    "data-urlencode",
                    "data-ascii",
                    "json",
                ]
                .iter()
                .any(|l| l.starts_with(name) && name.len() > 4))
        {
            if o.long && "data-raw".starts_with(name) && name.len() > 5 {
                continue;
            }
            let v = v.split_once("=@").map_or(v, |(_, f)| f);
            let v = v
                .strip_prefix('@')
                .unwrap_or(if v.starts_with('@') { v } else { "" });
            if v == "-" {
                stdin_upload = true;
            } else if !v.is_empty() {
                files.push(v.to_owned());
            }
            // `-d "$(cat ~/.aws/credentials)"`: files read into the value are uploaded too.
        }
    }
    for o in p.opts.iter().filter(|o| o.value_index.is_some()) {
        if let Some(f) = o.value_index.and_then(|i| args.get(i)) {
            files.extend(f.feed.files.iter().cloned());
        }
    }
    for f in args {
        if f.text.contains("$(") || f.procsub {
            files.extend(f.feed.files.iter().cloned());
        }
    }
    if stdin_upload {
        files.extend(stdin.files.iter().cloned());
        if stdin.files.is_empty() {
            files.push("-".to_owned());
        }
    }
    files.sort();
    files.dedup();
    let upload = !files.is_empty();
    for f in files.iter().filter(|f| *f != "-") {
        w.path(f, Access::Upload, "curl");
    }
    for u in &urls {
        w.net(
            "curl",
            u,
            if upload {
                NetKind::Upload
            } else {
                NetKind::Fetch
            },
            files.clone(),
        );
    }
    if upload {
        w.finding(
            codes::UPLOAD,
            format!(
                "`curl` uploads local data: `{}`",
                excerpt(&files.join(", "))
            ),
        );
    }
    let url = urls.first().cloned().unwrap_or_default();
    let outputs: Vec<String> = p
        .values(Some('o'), Some("output"))
        .map(str::to_owned)
        .collect();
    let remote_name = p.short('O') || p.long("remote-name");
    for o in &outputs {
        if o != "-" {
            w.path(o, Access::Write, "curl");
            check_write(w, o, "curl", true);
            w.downloaded.insert(o.clone());
        }
    }
    if remote_name {
        let b = basename(url.split(['?', '#']).next().unwrap_or(&url)).to_owned();
        w.downloaded.insert(b);
    }
    if outputs.iter().any(|o| o != "-") || remote_name && outputs.is_empty() {
        return Feed::default();
    }
    Feed {
        download: Some(url),
        ..Feed::default()
    }
}

fn wget(w: &mut Walker, args: &[Field]) -> Feed {
    let p = opts::parse(
        args,
        &Spec::new(
            "OoaPiUtTeBDYwQ",
            &[
                "output-document",
                "output-file",
                "append-output",
                "directory-prefix",
                "input-file",
                "user-agent",
                "tries",
                "timeout",
                "execute",
                "base",
                "domains",
                "post-data",
                "post-file",
                "body-file",
                "body-data",
                "method",
                "header",
                "user",
                "password",
                "http-user",
                "http-password",
                "load-cookies",
                "save-cookies",
                "wait",
                "quota",
                "limit-rate",
                "level",
                "accept",
                "reject",
                "ca-certificate",
                "certificate",
                "private-key",
            ],
        ),
    );
    let urls: Vec<String> = operands(args, &p).iter().map(|f| f.text.clone()).collect();
    let mut files: Vec<String> = args
        .iter()
        .filter(|a| a.dynamic && a.text.contains("$("))
        .flat_map(|a| a.feed.files.iter().cloned())
        .collect();
    files.extend(
        p.values(None, Some("post-file"))
            .chain(p.values(None, Some("body-file")))
            .map(str::to_owned),
    );
    files.sort();
    files.dedup();
    for f in &files {
        w.path(f, Access::Upload, "wget");
    }
    let upload = !files.is_empty();
    for u in &urls {
        w.net(
            "wget",
            u,
            if upload {
                NetKind::Upload
            } else {
                NetKind::Fetch
            },
            files.clone(),
        );
    }
    if upload {
        w.finding(
            codes::UPLOAD,
            format!(
                "`wget --post-file` uploads `{}`",
                excerpt(&files.join(", "))
            ),
        );
    }
    let url = urls.first().cloned().unwrap_or_default();
    let out = p
        .values(Some('O'), Some("output-document"))
        .next()
        .map(str::to_owned);
    match out.as_deref() {
        Some("-") => Feed {
            download: Some(url),
            ..Feed::default()
        },
        Some(f) => {
            w.path(f, Access::Write, "wget");
            w.downloaded.insert(f.to_owned());
            Feed::default()
        }
        None => {
            let b = basename(url.split(['?', '#']).next().unwrap_or(&url)).to_owned();
            w.downloaded.insert(b);
            Feed::default()
        }
    }
}

fn netcat(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed, _redirs: &[Resolved]) -> Feed {
    let p = opts::parse(
        args,
        &Spec::new(
            "pswiqxXecIOTMW",
            &[
                "exec",
                "sh-exec",
                "lua-exec",
                "source",
                "proxy",
                "proxy-type",
                "wait",
                "idle-timeout",
                "source-port",
            ],
        ),
    );
    let ops = operands(args, &p);
    let target = match ops.as_slice() {
        [h, port, ..] => format!("{}:{}", h.text, port.text),
        [h] => h.text.clone(),
        [] => String::new(),
    };
    let exec =
        p.short('e') || p.short('c') || p.long("exec") || p.long("sh-exec") || p.long("lua-exec");
    if exec {
        w.net(name, &target, NetKind::ReverseShell, Vec::new());
        w.finding(
            codes::REVERSE_SHELL,
            format!("`{name} -e` hands a program to a network peer"),
        );
        return Feed::default();
    }
    let listen = p.short('l') || p.long("listen");
    if !stdin.files.is_empty() && !listen {
        for f in &stdin.files {
            w.path(f, Access::Upload, name);
        }
        w.net(name, &target, NetKind::Upload, stdin.files.clone());
        w.finding(
            codes::UPLOAD,
            format!("`{name}` sends local files to `{}`", excerpt(&target)),
        );
    } else if !target.is_empty() {
        w.net(name, &target, NetKind::Connect, Vec::new());
    }
    Feed {
        remote: true,
        ..Feed::default()
    }
}

fn socat(w: &mut Walker, args: &[Field]) -> Feed {
    let addrs: Vec<&str> = args
        .iter()
        .map(|a| a.text.as_str())
        .filter(|a| !a.starts_with('-') || *a == "-")
        .collect();
    let lower: Vec<String> = addrs.iter().map(|a| a.to_ascii_lowercase()).collect();
    let exec = lower
        .iter()
        .any(|a| a.starts_with("exec:") || a.starts_with("system:"));
    let mut net_targets = Vec::new();
    let mut files = Vec::new();
    for (a, l) in addrs.iter().zip(&lower) {
        for pre in [
            "tcp:",
            "tcp4:",
            "tcp6:",
            "tcp-connect:",
            "openssl:",
            "openssl-connect:",
            "udp:",
            "udp-connect:",
            "ssl:",
        ] {
            if l.starts_with(pre) {
                net_targets.push(
                    a.get(pre.len()..)
                        .unwrap_or_default()
                        .split(',')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        }
        for pre in ["file:", "open:", "gopen:"] {
            if l.starts_with(pre) {
                files.push(
                    a.get(pre.len()..)
                        .unwrap_or_default()
                        .split(',')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        }
    }
    let listens = lower.iter().any(|a| a.contains("listen"));
    if exec && (!net_targets.is_empty() || listens) {
        for t in &net_targets {
            w.net("socat", t, NetKind::ReverseShell, Vec::new());
        }
        w.finding(
            codes::REVERSE_SHELL,
            "`socat` connects a program to a network socket",
        );
    } else if !files.is_empty() && !net_targets.is_empty() {
        for f in &files {
            w.path(f, Access::Upload, "socat");
        }
        for t in &net_targets {
            w.net("socat", t, NetKind::Upload, files.clone());
        }
        w.finding(codes::UPLOAD, "`socat` sends a local file over the network");
    } else {
        for t in &net_targets {
            w.net("socat", t, NetKind::Connect, Vec::new());
        }
    }
    Feed {
        remote: !net_targets.is_empty(),
        ..Feed::default()
    }
}

/// scp, rsync, sftp, ftp: a `host:path` operand is remote.
fn transfer(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed) {
    let p = opts::parse(
        args,
        &Spec::new(
            "iFPSocloJeBDfT",
            &[
                "rsh",
                "exclude",
                "include",
                "exclude-from",
                "include-from",
                "files-from",
                "filter",
                "port",
                "password-file",
                "chmod",
                "chown",
                "rsync-path",
                "backup-dir",
                "suffix",
                "log-file",
                "timeout",
                "bwlimit",
                "partial-dir",
                "temp-dir",
                "compare-dest",
                "link-dest",
                "copy-dest",
                "out-format",
                "info",
                "debug",
                "usermap",
                "groupmap",
                "sockopts",
                "protocol",
                "iconv",
                "checksum-choice",
                "compress-choice",
            ],
        ),
    );
    let ops = operands(args, &p);
    if matches!(name, "sftp" | "ftp" | "lftp") {
        if let Some(h) = ops.first() {
            w.net(name, &h.text, NetKind::Connect, Vec::new());
            let files = stdin.files.clone();
            let _ = files;
        }
        return;
    }
    let is_remote = |s: &str| {
        s.starts_with("rsync://")
            || s.starts_with("scp://")
            || s.split_once(':')
                .is_some_and(|(h, _)| !h.is_empty() && !h.contains('/'))
    };
    let Some((dest, srcs)) = ops.split_last() else {
        return;
    };
    if is_remote(&dest.text) {
        let files: Vec<String> = srcs
            .iter()
            .filter(|s| !is_remote(&s.text))
            .map(|s| s.text.clone())
            .collect();
        for f in &files {
            w.path(f, Access::Read, name);
            w.path(f, Access::Upload, name);
        }
        w.net(name, &dest.text, NetKind::Upload, files.clone());
        if !files.is_empty() {
            w.finding(
                codes::UPLOAD,
                format!("`{name}` copies local files to `{}`", excerpt(&dest.text)),
            );
        }
    } else {
        for s in srcs {
            if is_remote(&s.text) {
                w.net(name, &s.text, NetKind::Fetch, Vec::new());
            } else {
                w.path(&s.text, Access::Read, name);
            }
        }
        w.path(&dest.text, Access::Write, name);
        if p.long("delete")
            && matches!(
                paths::classify(&dest.text),
                Target::Root | Target::Home | Target::System
            )
        {
            rm_target(w, "rsync --delete", dest);
        }
    }
}

fn publish(w: &mut Walker, name: &str, args: &[Field]) {
    let t = texts(args);
    let ops: Vec<&str> = t.iter().copied().filter(|a| !a.starts_with('-')).collect();
    let target = match (name, ops.first().copied(), ops.get(1).copied()) {
        ("npm" | "yarn" | "pnpm", Some("publish"), _) | ("yarn", Some("npm"), Some("publish")) => {
            Some("registry.npmjs.org")
        }
        ("cargo", Some("publish"), _) => Some("crates.io"),
        ("twine", Some("upload"), _) | ("poetry" | "flit" | "hatch" | "uv", Some("publish"), _) => {
            Some("upload.pypi.org")
        }
        ("gem", Some("push"), _) => Some("rubygems.org"),
        ("dotnet", Some("nuget"), Some("push")) => Some("nuget.org"),
        ("mvn", Some("deploy"), _) | ("gradle", Some("publish"), _) => Some("maven repository"),
        ("docker" | "podman", Some("push"), _) => Some(ops.get(1).copied().unwrap_or("docker.io")),
        _ => None,
    };
    if let Some(target) = target {
        let registry = t
            .iter()
            .find_map(|a| a.strip_prefix("--registry="))
            .or_else(|| {
                t.iter()
                    .position(|a| *a == "--registry" || *a == "--repository-url")
                    .and_then(|i| t.get(i + 1).copied())
            });
        w.net(
            name,
            registry.unwrap_or(target),
            NetKind::Publish,
            Vec::new(),
        );
    }
}

// ----- files ----------------------------------------------------------------------------------

fn read_files(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed) -> Feed {
    let values = match name {
        "head" | "tail" => "ncsF",
        "cut" => "dfcb",
        "sort" => "kotST",
        "od" => "AjNtw",
        "hexdump" => "nsefC",
        "strings" => "ntTe",
        "diff" => "xXIFLU",
        "jq" | "yq" => "",
        "wc" | "cat" | "tac" | "nl" => "sbvwi",
        "column" => "tscoON",
        "du" => "dBt",
        "ls" => "wIT",
        _ => "",
    };
    let p = opts::parse(
        args,
        &Spec::new(
            values,
            &[
                "lines",
                "bytes",
                "key",
                "output",
                "field-separator",
                "delimiter",
                "fields",
                "characters",
                "max-depth",
                "block-size",
                "exclude",
                "sort",
                "format",
                "time-style",
                "width",
                "arg",
                "argjson",
                "slurpfile",
                "rawfile",
                "args",
                "indent",
            ],
        ),
    );
    let mut ops = operands(args, &p);
    if matches!(name, "jq" | "yq") && !ops.is_empty() && !p.long("from-file") {
        ops.remove(0);
    }
    for o in p
        .values(Some('o'), Some("output"))
        .map(str::to_owned)
        .collect::<Vec<_>>()
    {
        if name == "sort" {
            w.path(&o, Access::Write, name);
        }
    }
    let mut out = if ops.is_empty() {
        stdin.clone()
    } else {
        Feed::taint_of(stdin)
    };
    let listing = matches!(
        name,
        "ls" | "du" | "tree" | "stat" | "file" | "readlink" | "realpath"
    );
    for f in ops {
        if name == "ls" && f.text.is_empty() {
            continue;
        }
        w.path(&f.text, Access::Read, name);
        if !listing {
            out.files.push(f.text.clone());
        }
        if w.downloaded.contains(&f.text) {
            out.download.get_or_insert_with(String::new);
        }
        if w.decoded_files.contains(&f.text) {
            out.decoded = true;
        }
    }
    out
}

fn grep(w: &mut Walker, name: &str, args: &[Field]) {
    let p = opts::parse(
        args,
        &Spec::new(
            "efmABCdDgtTM",
            &[
                "regexp",
                "file",
                "max-count",
                "after-context",
                "before-context",
                "context",
                "include",
                "exclude",
                "exclude-dir",
                "glob",
                "type",
                "type-not",
                "color",
                "colour",
                "label",
                "binary-files",
                "devices",
                "directories",
                "max-depth",
                "max-filesize",
                "sort",
                "sortr",
                "threads",
                "replace",
                "encoding",
                "engine",
                "path-separator",
            ],
        ),
    );
    let has_pattern_opt = p.any('e', "regexp") || p.any('f', "file");
    for f in p
        .values(Some('f'), Some("file"))
        .map(str::to_owned)
        .collect::<Vec<_>>()
    {
        w.path(&f, Access::Read, name);
    }
    let ops = operands(args, &p);
    let skip = usize::from(!has_pattern_opt);
    for f in ops.iter().skip(skip) {
        w.path(&f.text, Access::Read, name);
    }
}

fn sed(w: &mut Walker, name: &str, args: &[Field], stdin: &Feed) {
    let p = opts::parse(
        args,
        &Spec::new("efl", &["expression", "file", "line-length"]),
    );
    let in_place = p.opts.iter().any(|o| {
        (!o.long && o.name == "i")
            || (o.long && "in-place".starts_with(o.name.as_str()) && o.name.len() >= 2)
    });
    let has_script_opt = p.any('e', "expression") || p.any('f', "file");
    let ops = operands(args, &p);
    let skip = usize::from(!has_script_opt);
    for f in ops.iter().skip(skip) {
        w.path(&f.text, Access::Read, name);
        if in_place {
            w.path(&f.text, Access::Write, name);
            check_write(w, &f.text, &format!("{name} -i"), false);
        }
    }
    let scripts: Vec<String> = p
        .values(Some('e'), Some("expression"))
        .map(str::to_owned)
        .chain(if has_script_opt {
            None
        } else {
            ops.first().map(|f| f.text.clone())
        })
        .collect();
    // GNU sed's `e` command and `s///e` flag run shell commands.
    for s in scripts {
        if s.starts_with("e ") || s.contains("/e") && s.starts_with('s') && s.ends_with('e') {
            let _ = stdin;
            w.finding_risk(
                codes::DYNAMIC_COMMAND,
                60,
                "`sed` script executes shell commands",
            );
        }
        for part in s.split(';') {
            let part = part.trim();
            if let Some(file) = part
                .strip_prefix("w ")
                .or_else(|| part.strip_prefix('w').filter(|r| r.starts_with(' ')))
            {
                w.path(file.trim(), Access::Write, name);
                check_write(w, file.trim(), name, false);
            }
        }
    }
}

fn awk(w: &mut Walker, name: &str, args: &[Field], _stdin: &Feed) {
    let p = opts::parse(
        args,
        &Spec::new("fvF", &["file", "assign", "field-separator"]),
    );
    let ops = operands(args, &p);
    let prog_from_file = p.any('f', "file");
    let skip = usize::from(!prog_from_file);
    if let Some(prog) = ops.first().filter(|_| !prog_from_file) {
        if prog.text.contains("/inet/tcp/") || prog.text.contains("/inet/udp/") {
            w.finding(
                codes::REVERSE_SHELL,
                format!("`{name}` opens a network socket"),
            );
        }
        for s in shell_strings(&prog.text) {
            let _ = w.reparse(&s, None);
        }
        if prog.text.contains("| \"sh\"")
            || prog.text.contains("|\"sh\"")
            || prog.text.contains("| \"bash\"")
        {
            w.finding_risk(
                codes::DYNAMIC_COMMAND,
                60,
                format!("`{name}` pipes generated text into a shell"),
            );
        }
    }
    for f in ops.iter().skip(skip) {
        if !f.text.contains('=') {
            w.path(&f.text, Access::Read, name);
        }
    }
}

fn copy(w: &mut Walker, name: &str, args: &[Field]) {
    let p = opts::parse(
        args,
        &Spec::new(
            "tSmogZ",
            &[
                "target-directory",
                "suffix",
                "mode",
                "owner",
                "group",
                "backup",
                "sparse",
                "reflink",
                "preserve",
                "context",
                "no-preserve",
            ],
        ),
    );
    let ops = operands(args, &p);
    let target_dir = p
        .values(Some('t'), Some("target-directory"))
        .next()
        .map(str::to_owned);
    let (srcs, dest): (Vec<&Field>, Option<String>) = match target_dir {
        Some(d) => (ops, Some(d)),
        None => match ops.split_last() {
            Some((d, s)) if !s.is_empty() || name == "ln" => (s.to_vec(), Some(d.text.clone())),
            _ => (Vec::new(), None),
        },
    };
    let read_access = if name == "mv" {
        Access::Delete
    } else {
        Access::Read
    };
    for s in &srcs {
        if name != "ln" {
            w.path(&s.text, Access::Read, name);
        }
        if read_access == Access::Delete {
            w.path(&s.text, Access::Delete, name);
            special_delete(w, name, &s.text);
            if matches!(
                paths::classify(&s.text),
                Target::Root | Target::Home | Target::System
            ) {
                rm_target(w, "mv", s);
            }
        }
    }
    if let Some(d) = dest {
        w.path(&d, Access::Write, name);
        let empties = srcs.iter().any(|s| s.text == "/dev/null");
        check_write(w, &d, name, empties);
        // Copying into a directory: judge the resulting file names too.
        for s in &srcs {
            let joined = format!("{}/{}", d.trim_end_matches('/'), basename(&s.text));
            if paths::is_sudoers(&joined)
                || paths::is_authorized_keys(&joined)
                || paths::is_cron(&joined) && !paths::is_cron(&d)
                || paths::is_shell_startup(&joined) && !paths::is_shell_startup(&d)
            {
                check_write(w, &joined, name, false);
            }
        }
        if name == "mv" && d == "/dev/null" {
            for s in &srcs {
                rm_target(w, "mv … /dev/null", s);
            }
        }
    }
}

fn tar(w: &mut Walker, args: &[Field]) -> Feed {
    // Old-style bundled first argument (`tar czf out.tgz dir`).
    let mut argv: Vec<Field> = args.to_vec();
    if let Some(first) = argv.first_mut()
        && !first.text.starts_with('-')
        && first.text.chars().all(|c| c.is_ascii_alphabetic())
    {
        first.text.insert(0, '-');
    }
    let p = opts::parse(
        &argv,
        &Spec::new(
            "fCTXbHIKNgLVF",
            &[
                "file",
                "directory",
                "files-from",
                "exclude-from",
                "exclude",
                "blocking-factor",
                "format",
                "use-compress-program",
                "transform",
                "owner",
                "group",
                "mode",
                "mtime",
                "newer",
                "label",
                "to-command",
                "checkpoint-action",
                "index-file",
                "listed-incremental",
                "volno-file",
                "info-script",
                "rsh-command",
            ],
        ),
    );
    let create = p.any('c', "create") || p.any('r', "append") || p.any('u', "update");
    let archive = p.values(Some('f'), Some("file")).next().map(str::to_owned);
    if let Some(a) = &archive {
        w.path(a, if create { Access::Write } else { Access::Read }, "tar");
    }
    for f in operands(&argv, &p) {
        w.path(
            &f.text,
            if create { Access::Read } else { Access::Write },
            "tar",
        );
    }
    if let Some(d) = p
        .values(Some('C'), Some("directory"))
        .next()
        .map(str::to_owned)
        && !create
    {
        w.path(&d, Access::Write, "tar");
    }
    if create && archive.as_deref() == Some("-") {
        return Feed {
            files: operands(&argv, &p).iter().map(|f| f.text.clone()).collect(),
            ..Feed::default()
        };
    }
    if p.long("to-command")
        || p.long("checkpoint-action")
        || p.long("use-compress-program")
        || p.short('I')
    {
        w.finding_risk(
            codes::DYNAMIC_COMMAND,
            60,
            "`tar` runs a program given in its options",
        );
    }
    Feed::default()
}

/// Unescapes printf/echo -e escapes: `\xHH`, `\NNN` (octal), `\uHHHH`, `\n`, `\t`, `\\`.
fn printf_decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2
                    && let Some(d) = chars.peek().and_then(|c| c.to_digit(16))
                {
                    v = v * 16 + d;
                    chars.next();
                    n += 1;
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some('u') => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 4
                    && let Some(d) = chars.peek().and_then(|c| c.to_digit(16))
                {
                    v = v * 16 + d;
                    chars.next();
                    n += 1;
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                let mut n = 1;
                while n < 4
                    && let Some(d) = chars.peek().and_then(|c| c.to_digit(8))
                {
                    v = v * 8 + d;
                    chars.next();
                    n += 1;
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_escapes() {
        assert_eq!(printf_decode(r"\x72\x6d -rf /"), "rm -rf /");
        assert_eq!(printf_decode(r"\162\155"), "rm");
        assert_eq!(printf_decode(r"a\nb"), "a\nb");
    }

    #[test]
    fn world_writable_modes() {
        for m in [
            "777", "0777", "666", "o+w", "a+w", "ugo+rwx", "a=rwx", "1777",
        ] {
            assert!(world_writable(m), "{m}");
        }
        for m in ["755", "644", "u+x", "+x", "g+w", "600"] {
            assert!(!world_writable(m), "{m}");
        }
    }

    #[test]
    fn strips_dynamic_parts() {
        assert_eq!(strip_dynamic("$DIR/"), "/");
        assert_eq!(strip_dynamic("${X:-a}/*"), "/*");
        assert_eq!(strip_dynamic("$(pwd)/build"), "/build");
    }
}
