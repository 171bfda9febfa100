//! The parser-independent syntax tree the analyser walks.
//!
//! The adapter (`adapter.rs`) lowers the shuck AST into these types; swapping the parser means
//! writing a new adapter and nothing else.

/// A byte range in the text that was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A node of the command tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// One simple command.
    Cmd(Cmd),
    /// `a | b | c`: the output of each item feeds the next.
    Pipeline(Vec<Node>),
    /// Items run one after the other (`;`, `&&`, `||`, compound bodies).
    Seq(Vec<Node>),
    /// A function definition (`f() { … }`).
    Function {
        name: String,
        body: Box<Node>,
        span: Span,
    },
    /// A node run in the background (`… &`).
    Background(Box<Node>),
    /// `for VAR in WORDS; do BODY; done` (also `select`, `foreach`).
    For {
        var: String,
        words: Vec<Word>,
        body: Box<Node>,
    },
    /// Words evaluated without a command (`for x in WORDS`, `case WORD`, `[[ … ]]`, `((…))`).
    Words(Vec<Word>),
    /// Redirections applied to a compound command (`{ …; } > f`).
    Redirected {
        body: Box<Node>,
        redirects: Vec<Redir>,
    },
}

/// A simple command: assignments, words and redirections.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    pub(crate) assigns: Vec<Assign>,
    pub(crate) words: Vec<Word>,
    pub(crate) redirects: Vec<Redir>,
    pub(crate) span: Span,
    /// A declaration builtin (`export`, `declare`…): its assignments persist.
    pub(crate) decl: bool,
}

/// `NAME=value` (value `None` for arrays and other forms we do not track).
#[derive(Debug, Clone)]
pub(crate) struct Assign {
    pub(crate) name: String,
    pub(crate) value: Option<Word>,
    /// Words inside the value that must still be walked (array elements).
    pub(crate) other: Vec<Word>,
}

/// The kind of a redirection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RedirKind {
    Read,
    Write,
    Append,
    ReadWrite,
    DupOut,
    DupIn,
    Both,
    HereDoc,
    HereString,
}

/// A redirection.
#[derive(Debug, Clone)]
#[allow(
    dead_code,
    reason = "syntax facts kept for diagnostics and other adapters"
)]
pub(crate) struct Redir {
    pub(crate) fd: Option<i32>,
    pub(crate) kind: RedirKind,
    pub(crate) target: Word,
    /// Heredoc body (the text as written) when `kind` is `HereDoc`.
    pub(crate) heredoc: Option<Heredoc>,
    pub(crate) span: Span,
}

/// A heredoc body.
#[derive(Debug, Clone)]
pub(crate) struct Heredoc {
    /// The body as written.
    pub(crate) raw: String,
    /// The body as a word (expansions parsed) when the delimiter is unquoted.
    pub(crate) expanding: Option<Word>,
}

/// A shell word, as a list of segments still to be expanded.
#[derive(Debug, Clone, Default)]
#[allow(
    dead_code,
    reason = "syntax facts kept for diagnostics and other adapters"
)]
pub(crate) struct Word {
    pub(crate) segs: Vec<Seg>,
    pub(crate) span: Span,
    /// The word as written.
    pub(crate) raw: String,
}

/// Brace-expansion metacharacters inside unquoted literals are replaced by these
/// private-use characters so that quoted braces stay literal.
pub(crate) const BRACE_OPEN: char = '\u{E000}';
pub(crate) const BRACE_COMMA: char = '\u{E001}';
pub(crate) const BRACE_CLOSE: char = '\u{E002}';

/// A piece of a word.
#[derive(Debug, Clone)]
#[allow(
    dead_code,
    reason = "syntax facts kept for diagnostics and other adapters"
)]
pub(crate) enum Seg {
    /// Literal text, decoded (quotes and backslashes removed). Unquoted brace metacharacters
    /// of an active brace expansion are the `BRACE_*` markers.
    Lit { text: String, quoted: bool },
    /// `$NAME` / `${NAME}`.
    Var { name: String, quoted: bool },
    /// `${NAME:-word}`, `${NAME:=word}` (`default`), `${NAME:+word}` (`alternative`).
    Param {
        name: String,
        op: ParamOp,
        operand: Option<Box<Word>>,
        quoted: bool,
        raw: String,
    },
    /// `$(…)` or backticks.
    CmdSub {
        body: Box<Node>,
        quoted: bool,
        raw: String,
    },
    /// `<(…)` or `>(…)`.
    ProcSub {
        body: Box<Node>,
        input: bool,
        raw: String,
    },
    /// Anything else with a runtime value; `inner` holds nested words still to walk.
    Dyn {
        raw: String,
        quoted: bool,
        inner: Vec<Word>,
    },
}

/// Parameter-expansion operators we can evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamOp {
    Default,
    Alternative,
    /// `${X:?message}`: the value, or an error when unset.
    Error,
    Other,
}
