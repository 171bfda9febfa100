//! Lowers the shuck-parser AST into the crate's own tree (`ir.rs`).
//!
//! Everything parser-specific lives here, including the patches for shuck's known gaps:
//! (a) a second heredoc on one line is marked literal even when its delimiter is unquoted, and
//! (b) escaped backticks inside a backtick substitution are kept as text.
//! See /work/shared/notes/shell-parsers.md.

use std::panic::AssertUnwindSafe;

use shuck_ast as ast;
use shuck_parser::parser::{ParseStatus, Parser};

use crate::ir::{
    Assign, BRACE_CLOSE, BRACE_COMMA, BRACE_OPEN, Cmd, Heredoc, Node, ParamOp, Redir, RedirKind,
    Seg, Span, Word,
};

/// Most nested re-parses the adapter itself starts (heredoc and backtick patches).
const MAX_PATCH_DEPTH: u8 = 4;

/// Why a text could not be lowered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseFailure {
    pub(crate) reason: String,
}

/// Parses `src` and lowers it. `Err` when the parse is not clean (recovered, fatal or a limit).
pub(crate) fn parse(src: &str) -> Result<Node, ParseFailure> {
    parse_inner(src, None, 0)
}

fn parse_inner(
    src: &str,
    span_override: Option<Span>,
    patch_depth: u8,
) -> Result<Node, ParseFailure> {
    // shuck 0.2.8 can panic on some inputs (a char-boundary slice with backticks inside double
    // quotes, found by our property tests). Contain it and fail closed.
    // See: testdata/fuzz-crashes/portcullis-detect-shell/
    let Ok(result) = std::panic::catch_unwind(AssertUnwindSafe(|| Parser::new(src).parse())) else {
        return Err(ParseFailure {
            reason: "the shell parser failed on this input".to_owned(),
        });
    };
    if result.status != ParseStatus::Clean {
        let reason = result
            .terminal_error
            .as_ref()
            .map(ToString::to_string)
            .or_else(|| result.diagnostics.first().map(|d| d.message.clone()))
            .unwrap_or_else(|| "parse not clean".to_owned());
        return Err(ParseFailure { reason });
    }
    let mut lower = Lower {
        src,
        span_override,
        patch_depth,
        failure: None,
    };
    let node = lower.seq(&result.file.body);
    match lower.failure {
        Some(f) => Err(f),
        None => Ok(node),
    }
}

struct Lower<'a> {
    src: &'a str,
    span_override: Option<Span>,
    patch_depth: u8,
    failure: Option<ParseFailure>,
}

impl Lower<'_> {
    fn span(&self, s: ast::Span) -> Span {
        self.span_override.unwrap_or(Span {
            start: s.start.offset(),
            end: s.end.offset(),
        })
    }

    fn slice(&self, s: ast::Span) -> String {
        self.src
            .get(s.start.offset()..s.end.offset())
            .unwrap_or_default()
            .to_owned()
    }

    fn fail(&mut self, reason: impl Into<String>) {
        if self.failure.is_none() {
            self.failure = Some(ParseFailure {
                reason: reason.into(),
            });
        }
    }

    fn seq(&mut self, seq: &ast::StmtSeq) -> Node {
        Node::Seq(seq.stmts.iter().map(|s| self.stmt(s)).collect())
    }

    fn stmt(&mut self, stmt: &ast::Stmt) -> Node {
        let redirects: Vec<Redir> = stmt.redirects.iter().map(|r| self.redirect(r)).collect();
        let node = match &stmt.command {
            ast::Command::Simple(sc) => {
                let mut words = Vec::with_capacity(sc.args.len() + 1);
                let name_is_empty = sc.name.parts.is_empty()
                    || (sc.name.span.start.offset() == sc.name.span.end.offset()
                        && sc.name.parts.iter().all(|p| match &p.kind {
                            ast::WordPart::Literal(t) => t.as_str(self.src, p.span).is_empty(),
                            _ => false,
                        }));
                if !name_is_empty {
                    words.push(self.word(&sc.name));
                }
                words.extend(sc.args.iter().map(|w| self.word(w)));
                Node::Cmd(Cmd {
                    assigns: sc.assignments.iter().map(|a| self.assign(a)).collect(),
                    words,
                    redirects,
                    span: self.span(sc.span),
                    decl: false,
                })
            }
            ast::Command::Decl(d) => {
                let mut words = vec![Word {
                    segs: vec![Seg::Lit {
                        text: d.variant.as_str().to_owned(),
                        quoted: false,
                    }],
                    span: self.span(d.variant_span),
                    raw: d.variant.as_str().to_owned(),
                }];
                let mut assigns: Vec<Assign> =
                    d.assignments.iter().map(|a| self.assign(a)).collect();
                for op in &d.operands {
                    match op {
                        ast::DeclOperand::Flag(w) | ast::DeclOperand::Dynamic(w) => {
                            words.push(self.word(w));
                        }
                        ast::DeclOperand::Name(v) => words.push(Word {
                            segs: vec![Seg::Lit {
                                text: v.name.as_str().to_owned(),
                                quoted: false,
                            }],
                            span: self.span(v.span),
                            raw: v.name.as_str().to_owned(),
                        }),
                        ast::DeclOperand::Assignment(a) => assigns.push(self.assign(a)),
                    }
                }
                Node::Cmd(Cmd {
                    assigns,
                    words,
                    redirects,
                    span: self.span(d.span),
                    decl: true,
                })
            }
            ast::Command::Builtin(b) => {
                let (name, first, extra, assigns, span) = match b {
                    ast::BuiltinCommand::Break(c) => {
                        ("break", &c.depth, &c.extra_args, &c.assignments, c.span)
                    }
                    ast::BuiltinCommand::Continue(c) => {
                        ("continue", &c.depth, &c.extra_args, &c.assignments, c.span)
                    }
                    ast::BuiltinCommand::Return(c) => {
                        ("return", &c.code, &c.extra_args, &c.assignments, c.span)
                    }
                    ast::BuiltinCommand::Exit(c) => {
                        ("exit", &c.code, &c.extra_args, &c.assignments, c.span)
                    }
                };
                let mut words = vec![Word {
                    segs: vec![Seg::Lit {
                        text: name.to_owned(),
                        quoted: false,
                    }],
                    span: self.span(span),
                    raw: name.to_owned(),
                }];
                words.extend(first.iter().map(|w| self.word(w)));
                words.extend(extra.iter().map(|w| self.word(w)));
                Node::Cmd(Cmd {
                    assigns: assigns.iter().map(|a| self.assign(a)).collect(),
                    words,
                    redirects,
                    span: self.span(span),
                    decl: false,
                })
            }
            ast::Command::Binary(b) => {
                let left = self.stmt(&b.left);
                let right = self.stmt(&b.right);
                let node = match b.op {
                    ast::BinaryOp::And | ast::BinaryOp::Or => Node::Seq(vec![left, right]),
                    ast::BinaryOp::Pipe | ast::BinaryOp::PipeAll => {
                        let mut items = match left {
                            Node::Pipeline(items) => items,
                            other => vec![other],
                        };
                        items.push(right);
                        Node::Pipeline(items)
                    }
                };
                wrap_redirects(node, redirects)
            }
            ast::Command::Compound(c) => {
                let node = self.compound(c);
                wrap_redirects(node, redirects)
            }
            ast::Command::Function(f) => {
                let name = f
                    .static_names()
                    .next()
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default();
                let body = self.stmt(&f.body);
                Node::Function {
                    name,
                    body: Box::new(body),
                    span: self.span(f.span),
                }
            }
            ast::Command::AnonymousFunction(f) => {
                let mut items = vec![Node::Words(f.args.iter().map(|w| self.word(w)).collect())];
                items.push(self.stmt(&f.body));
                wrap_redirects(Node::Seq(items), redirects)
            }
        };
        if matches!(stmt.terminator, Some(ast::StmtTerminator::Background(_))) {
            Node::Background(Box::new(node))
        } else {
            node
        }
    }

    fn compound(&mut self, c: &ast::CompoundCommand) -> Node {
        use ast::CompoundCommand as C;
        match c {
            C::If(i) => {
                let mut items = vec![self.seq(&i.condition), self.seq(&i.then_branch)];
                for (cond, body) in &i.elif_branches {
                    items.push(self.seq(cond));
                    items.push(self.seq(body));
                }
                if let Some(e) = &i.else_branch {
                    items.push(self.seq(e));
                }
                Node::Seq(items)
            }
            C::For(f) => {
                let words: Vec<Word> = f.words.iter().flatten().map(|w| self.word(w)).collect();
                let var = f
                    .targets
                    .first()
                    .and_then(|t| t.name.as_ref())
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default();
                Node::For {
                    var,
                    words,
                    body: Box::new(self.seq(&f.body)),
                }
            }
            C::Select(s) => Node::For {
                var: s.variable.as_str().to_owned(),
                words: s.words.iter().map(|w| self.word(w)).collect(),
                body: Box::new(self.seq(&s.body)),
            },
            C::Foreach(f) => Node::For {
                var: f.variable.as_str().to_owned(),
                words: f.words.iter().map(|w| self.word(w)).collect(),
                body: Box::new(self.seq(&f.body)),
            },
            C::Repeat(r) => Node::Seq(vec![
                Node::Words(vec![self.word(&r.count)]),
                self.seq(&r.body),
            ]),
            C::ArithmeticFor(f) => {
                let mut words = Vec::new();
                for e in [&f.init_ast, &f.condition_ast, &f.step_ast]
                    .into_iter()
                    .flatten()
                {
                    self.arith_words(e, &mut words, 0);
                }
                Node::Seq(vec![Node::Words(words), self.seq(&f.body)])
            }
            C::While(w) => Node::Seq(vec![self.seq(&w.condition), self.seq(&w.body)]),
            C::Until(w) => Node::Seq(vec![self.seq(&w.condition), self.seq(&w.body)]),
            C::Case(cs) => {
                let mut items = vec![Node::Words(vec![self.word(&cs.word)])];
                for item in &cs.cases {
                    let mut words = Vec::new();
                    for p in &item.patterns {
                        self.pattern_words(p, &mut words, 0);
                    }
                    items.push(Node::Words(words));
                    items.push(self.seq(&item.body));
                }
                Node::Seq(items)
            }
            C::Subshell(s) | C::BraceGroup(s) => self.seq(s),
            C::Arithmetic(a) => {
                let mut words = Vec::new();
                if let Some(e) = &a.expr_ast {
                    self.arith_words(e, &mut words, 0);
                }
                Node::Words(words)
            }
            C::Time(t) => match &t.command {
                Some(s) => self.stmt(s),
                None => Node::Seq(Vec::new()),
            },
            C::Conditional(c) => {
                let mut words = Vec::new();
                self.cond_words(&c.expression, &mut words, 0);
                Node::Words(words)
            }
            C::Coproc(c) => Node::Background(Box::new(self.stmt(&c.body))),
            C::Always(a) => Node::Seq(vec![self.seq(&a.body), self.seq(&a.always_body)]),
        }
    }

    fn arith_words(&mut self, e: &ast::ArithmeticExprNode, out: &mut Vec<Word>, depth: u32) {
        use ast::ArithmeticExpr as A;
        if depth > 200 {
            self.fail("arithmetic nesting too deep");
            return;
        }
        match &e.kind {
            A::Number(_) | A::Variable(_) => {}
            A::ShellWord(w) => out.push(self.word(w)),
            A::Indexed { index, .. } => self.arith_words(index, out, depth + 1),
            A::Parenthesized { expression } => self.arith_words(expression, out, depth + 1),
            A::Unary { expr, .. } | A::Postfix { expr, .. } => {
                self.arith_words(expr, out, depth + 1);
            }
            A::Binary { left, right, .. } => {
                self.arith_words(left, out, depth + 1);
                self.arith_words(right, out, depth + 1);
            }
            A::Conditional {
                condition,
                then_expr,
                else_expr,
            } => {
                self.arith_words(condition, out, depth + 1);
                self.arith_words(then_expr, out, depth + 1);
                self.arith_words(else_expr, out, depth + 1);
            }
            A::Assignment { target, value, .. } => {
                if let ast::ArithmeticLvalue::Indexed { index, .. } = target {
                    self.arith_words(index, out, depth + 1);
                }
                self.arith_words(value, out, depth + 1);
            }
        }
    }

    fn cond_words(&mut self, e: &ast::ConditionalExpr, out: &mut Vec<Word>, depth: u32) {
        use ast::ConditionalExpr as C;
        if depth > 200 {
            self.fail("conditional nesting too deep");
            return;
        }
        match e {
            C::Binary(b) => {
                self.cond_words(&b.left, out, depth + 1);
                self.cond_words(&b.right, out, depth + 1);
            }
            C::Unary(u) => self.cond_words(&u.expr, out, depth + 1),
            C::Parenthesized(p) => self.cond_words(&p.expr, out, depth + 1),
            C::Word(w) | C::Regex(w) => out.push(self.word(w)),
            C::Pattern(p) => self.pattern_words(p, out, depth + 1),
            C::VarRef(_) => {}
        }
    }

    fn pattern_words(&mut self, p: &ast::Pattern, out: &mut Vec<Word>, depth: u32) {
        if depth > 200 {
            self.fail("pattern nesting too deep");
            return;
        }
        for part in &p.parts {
            match &part.kind {
                ast::PatternPart::Word(w) => out.push(self.word(w)),
                ast::PatternPart::Group { patterns, .. } => {
                    for p in patterns {
                        self.pattern_words(p, out, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn assign(&mut self, a: &ast::Assignment) -> Assign {
        let name = a.target.name.as_str().to_owned();
        let indexed = a.target.subscript.is_some();
        match &a.value {
            ast::AssignmentValue::Scalar(w) => {
                let word = self.word(w);
                if indexed || a.append {
                    Assign {
                        name,
                        value: None,
                        other: vec![word],
                    }
                } else {
                    Assign {
                        name,
                        value: Some(word),
                        other: Vec::new(),
                    }
                }
            }
            ast::AssignmentValue::Compound(arr) => Assign {
                name,
                value: None,
                other: arr
                    .elements
                    .iter()
                    .map(|e| self.word(&e.value().word))
                    .collect(),
            },
        }
    }

    fn redirect(&mut self, r: &ast::Redirect) -> Redir {
        use ast::RedirectKind as K;
        let kind = match r.kind {
            K::Output | K::Clobber => RedirKind::Write,
            K::Append => RedirKind::Append,
            K::Input => RedirKind::Read,
            K::ReadWrite => RedirKind::ReadWrite,
            K::HereDoc | K::HereDocStrip => RedirKind::HereDoc,
            K::HereString => RedirKind::HereString,
            K::DupOutput => RedirKind::DupOut,
            K::DupInput => RedirKind::DupIn,
            K::OutputBoth => RedirKind::Both,
        };
        let span = self.span(r.span);
        match &r.target {
            ast::RedirectTarget::Word(w) => Redir {
                fd: r.fd,
                kind,
                target: self.word(w),
                heredoc: None,
                span,
            },
            ast::RedirectTarget::Heredoc(h) => {
                let raw = self.slice(h.body.span);
                let delim_raw = self.slice(h.delimiter.raw.span);
                // Gap a: judge quoting from the delimiter as written, not from shuck's flag.
                let quoted = delim_raw.contains(['\'', '"', '\\']);
                let expanding = if quoted {
                    None
                } else if h.body.mode.expands() {
                    Some(self.heredoc_word(&h.body))
                } else {
                    self.reparse_heredoc(&raw, span)
                };
                Redir {
                    fd: r.fd,
                    kind: RedirKind::HereDoc,
                    target: Word {
                        segs: vec![Seg::Lit {
                            text: h.delimiter.cooked.to_string(),
                            quoted: true,
                        }],
                        span,
                        raw: delim_raw,
                    },
                    heredoc: Some(Heredoc { raw, expanding }),
                    span,
                }
            }
        }
    }

    /// Gap a: re-parses a body shuck left literal although its delimiter is unquoted, as the
    /// only heredoc of a fresh parse.
    fn reparse_heredoc(&mut self, raw: &str, span: Span) -> Option<Word> {
        if self.patch_depth >= MAX_PATCH_DEPTH {
            self.fail("heredoc re-parse nesting too deep");
            return None;
        }
        let mut delim = String::from("PORTCULLIS_EOF");
        while raw.contains(delim.as_str()) {
            delim.push('_');
        }
        let body = raw.strip_suffix('\n').unwrap_or(raw);
        let text = format!(": <<{delim}\n{body}\n{delim}\n");
        match parse_inner(&text, Some(span), self.patch_depth + 1) {
            Ok(Node::Seq(items)) => items.into_iter().find_map(|n| match n {
                Node::Cmd(c) => c
                    .redirects
                    .into_iter()
                    .find_map(|r| r.heredoc.and_then(|h| h.expanding)),
                _ => None,
            }),
            Ok(_) => None,
            Err(f) => {
                self.fail(f.reason);
                None
            }
        }
    }

    fn heredoc_word(&mut self, body: &ast::HeredocBody) -> Word {
        let mut segs = Vec::new();
        for part in &body.parts {
            match &part.kind {
                ast::HeredocBodyPart::Literal(t) => segs.push(Seg::Lit {
                    text: t.as_str(self.src, part.span).to_owned(),
                    quoted: true,
                }),
                ast::HeredocBodyPart::Variable(n) => segs.push(Seg::Var {
                    name: n.as_str().to_owned(),
                    quoted: true,
                }),
                ast::HeredocBodyPart::CommandSubstitution { body, syntax } => {
                    let seg = self.command_substitution(body, *syntax, part.span, true);
                    segs.push(seg);
                }
                ast::HeredocBodyPart::ArithmeticExpansion {
                    expression_word_ast,
                    ..
                } => {
                    let inner = vec![self.word(expression_word_ast)];
                    segs.push(Seg::Dyn {
                        raw: self.slice(part.span),
                        quoted: true,
                        inner,
                    });
                }
                ast::HeredocBodyPart::Parameter(p) => {
                    let seg = self.parameter(p, part.span, true);
                    segs.push(seg);
                }
            }
        }
        Word {
            segs,
            span: self.span(body.span),
            raw: self.slice(body.span),
        }
    }

    fn word(&mut self, w: &ast::Word) -> Word {
        let mut segs = Vec::with_capacity(w.parts.len());
        let braces: Vec<(usize, usize)> = w
            .brace_syntax
            .iter()
            .filter(|b| b.expands())
            .map(|b| (b.span.start.offset(), b.span.end.offset()))
            .collect();
        self.parts(&w.parts, false, &braces, &mut segs);
        Word {
            segs,
            span: self.span(w.span),
            raw: self.slice(w.span),
        }
    }

    fn parts(
        &mut self,
        parts: &[ast::WordPartNode],
        quoted: bool,
        braces: &[(usize, usize)],
        segs: &mut Vec<Seg>,
    ) {
        use ast::WordPart as P;
        for part in parts {
            match &part.kind {
                P::Literal(t) => {
                    let text = match t {
                        ast::LiteralText::Source if !quoted => {
                            decode_unquoted(self.src, part.span, braces)
                        }
                        _ => t.as_str(self.src, part.span).to_owned(),
                    };
                    segs.push(Seg::Lit { text, quoted });
                }
                P::ZshQualifiedGlob(_) => segs.push(Seg::Lit {
                    text: self.slice(part.span),
                    quoted,
                }),
                P::SingleQuoted { value, .. } => segs.push(Seg::Lit {
                    text: value.slice(self.src).to_owned(),
                    quoted: true,
                }),
                P::DoubleQuoted { parts, .. } => {
                    // An empty "" still produces an (empty) field.
                    segs.push(Seg::Lit {
                        text: String::new(),
                        quoted: true,
                    });
                    self.parts(parts, true, braces, segs);
                }
                P::Variable(n) => segs.push(Seg::Var {
                    name: n.as_str().to_owned(),
                    quoted,
                }),
                P::CommandSubstitution { body, syntax } => {
                    let seg = self.command_substitution(body, *syntax, part.span, quoted);
                    segs.push(seg);
                }
                P::ArithmeticExpansion {
                    expression_word_ast,
                    ..
                } => {
                    let inner = vec![self.word(expression_word_ast)];
                    segs.push(Seg::Dyn {
                        raw: self.slice(part.span),
                        quoted,
                        inner,
                    });
                }
                P::Parameter(p) => {
                    let seg = self.parameter(p, part.span, quoted);
                    segs.push(seg);
                }
                P::ParameterExpansion {
                    reference,
                    operator,
                    operand_word_ast,
                    ..
                } => {
                    let seg = self.param_op(
                        reference,
                        operator,
                        operand_word_ast.as_deref(),
                        part.span,
                        quoted,
                    );
                    segs.push(seg);
                }
                P::Substring {
                    offset_word_ast,
                    length_word_ast,
                    ..
                }
                | P::ArraySlice {
                    offset_word_ast,
                    length_word_ast,
                    ..
                } => {
                    let mut inner = vec![self.word(offset_word_ast)];
                    inner.extend(length_word_ast.as_deref().map(|w| self.word(w)));
                    segs.push(Seg::Dyn {
                        raw: self.slice(part.span),
                        quoted,
                        inner,
                    });
                }
                P::IndirectExpansion {
                    operand_word_ast, ..
                } => {
                    let inner = operand_word_ast
                        .as_deref()
                        .map(|w| self.word(w))
                        .into_iter()
                        .collect();
                    segs.push(Seg::Dyn {
                        raw: self.slice(part.span),
                        quoted,
                        inner,
                    });
                }
                P::ProcessSubstitution { body, is_input } => {
                    let body = self.seq(body);
                    segs.push(Seg::ProcSub {
                        body: Box::new(body),
                        input: *is_input,
                        raw: self.slice(part.span),
                    });
                }
                P::Length(_)
                | P::ArrayAccess(_)
                | P::ArrayLength(_)
                | P::ArrayIndices(_)
                | P::PrefixMatch { .. }
                | P::Transformation { .. } => segs.push(Seg::Dyn {
                    raw: self.slice(part.span),
                    quoted,
                    inner: Vec::new(),
                }),
            }
        }
    }

    fn command_substitution(
        &mut self,
        body: &ast::StmtSeq,
        syntax: ast::CommandSubstitutionSyntax,
        span: ast::Span,
        quoted: bool,
    ) -> Seg {
        let raw = self.slice(span);
        if syntax == ast::CommandSubstitutionSyntax::Backtick && raw.contains("\\`") {
            // Gap b: shuck keeps escaped inner backticks as text. Unescape and re-parse.
            let inner = raw
                .strip_prefix('`')
                .and_then(|r| r.strip_suffix('`'))
                .unwrap_or(&raw);
            let text = unescape_backticks(inner);
            if self.patch_depth >= MAX_PATCH_DEPTH {
                self.fail("backtick re-parse nesting too deep");
            } else {
                match parse_inner(&text, Some(self.span(span)), self.patch_depth + 1) {
                    Ok(node) => {
                        return Seg::CmdSub {
                            body: Box::new(node),
                            quoted,
                            raw,
                        };
                    }
                    Err(f) => self.fail(f.reason),
                }
            }
        }
        Seg::CmdSub {
            body: Box::new(self.seq(body)),
            quoted,
            raw,
        }
    }

    fn parameter(&mut self, p: &ast::ParameterExpansion, span: ast::Span, quoted: bool) -> Seg {
        use ast::BourneParameterExpansion as B;
        let raw = self.slice(span);
        match p.bourne() {
            Some(B::Access { reference }) if reference.subscript.is_none() => Seg::Var {
                name: reference.name.as_str().to_owned(),
                quoted,
            },
            Some(B::Operation {
                reference,
                operator,
                operand_word_ast,
                ..
            }) => self.param_op(
                reference,
                operator,
                operand_word_ast.as_deref(),
                span,
                quoted,
            ),
            Some(b) => {
                let mut inner = Vec::new();
                for w in [
                    b.operand_word_ast(),
                    b.offset_word_ast(),
                    b.length_word_ast(),
                ]
                .into_iter()
                .flatten()
                {
                    inner.push(self.word(w));
                }
                Seg::Dyn { raw, quoted, inner }
            }
            None => Seg::Dyn {
                raw,
                quoted,
                inner: Vec::new(),
            },
        }
    }

    fn param_op(
        &mut self,
        reference: &ast::VarRef,
        operator: &ast::ParameterOp,
        operand: Option<&ast::Word>,
        span: ast::Span,
        quoted: bool,
    ) -> Seg {
        let raw = self.slice(span);
        let op = match operator {
            ast::ParameterOp::UseDefault | ast::ParameterOp::AssignDefault => ParamOp::Default,
            ast::ParameterOp::UseReplacement => ParamOp::Alternative,
            ast::ParameterOp::Error => ParamOp::Error,
            _ => ParamOp::Other,
        };
        let mut operand = operand.map(|w| Box::new(self.word(w)));
        if let Some(rep) = operator.replacement_word_ast() {
            operand = Some(Box::new(self.word(rep)));
        }
        if reference.subscript.is_some() {
            return Seg::Dyn {
                raw,
                quoted,
                inner: operand.map(|w| *w).into_iter().collect(),
            };
        }
        Seg::Param {
            name: reference.name.as_str().to_owned(),
            op,
            operand,
            quoted,
            raw,
        }
    }
}

fn wrap_redirects(node: Node, redirects: Vec<Redir>) -> Node {
    if redirects.is_empty() {
        node
    } else {
        Node::Redirected {
            body: Box::new(node),
            redirects,
        }
    }
}

/// Decodes an unquoted literal: `\x` → `x`, `\<newline>` → nothing (gap c), and marks the
/// metacharacters of active brace expansions.
fn decode_unquoted(src: &str, span: ast::Span, braces: &[(usize, usize)]) -> String {
    let start = span.start.offset();
    let text = src.get(start..span.end.offset()).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, '\n')) | None => {}
                Some((_, n)) => out.push(n),
            }
            continue;
        }
        let at = start + i;
        let in_brace = braces.iter().any(|&(s, e)| at >= s && at < e);
        match c {
            '{' if in_brace => out.push(BRACE_OPEN),
            ',' if in_brace => out.push(BRACE_COMMA),
            '}' if in_brace => out.push(BRACE_CLOSE),
            _ => out.push(c),
        }
    }
    out
}

/// Inside old-style backticks, `\``, `\\` and `\$` lose their backslash.
fn unescape_backticks(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && matches!(n, '`' | '\\' | '$')
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_backticks() {
        assert_eq!(unescape_backticks(r"echo \`rm -rf /\`"), "echo `rm -rf /`");
        assert_eq!(unescape_backticks(r"a\\b\$c\x"), r"a\b$c\x");
    }

    #[test]
    fn unclean_parse_is_an_error() {
        assert!(parse("echo 'unterminated").is_err());
        assert!(parse("if true; then").is_err());
        assert!(parse("ls -la").is_ok());
    }
}
