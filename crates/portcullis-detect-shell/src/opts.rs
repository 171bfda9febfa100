//! A getopt-style option parser over expanded fields: bundled (`-rf`), separate (`-r -f`),
//! long (`--recursive`, abbreviated `--rec`), `--opt=value`, and `--` ending options.

use crate::walk::Field;

/// Which options take a value, for one command.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// Short options that take a value (`"onu"` for `-o X`, `-n X`, `-u X`).
    pub(crate) short_values: &'static str,
    /// Long options that take a value (without `--`).
    pub(crate) long_values: &'static [&'static str],
    /// Stop at the first operand (wrappers: the rest is the wrapped command).
    pub(crate) stop_at_operand: bool,
}

impl Spec {
    pub(crate) const fn new(
        short_values: &'static str,
        long_values: &'static [&'static str],
    ) -> Spec {
        Spec {
            short_values,
            long_values,
            stop_at_operand: false,
        }
    }

    pub(crate) const fn wrapper(
        short_values: &'static str,
        long_values: &'static [&'static str],
    ) -> Spec {
        Spec {
            short_values,
            long_values,
            stop_at_operand: true,
        }
    }
}

/// One option seen.
#[derive(Debug, Clone)]
pub(crate) struct Opt {
    /// `r` for `-r`, `recursive` for `--recursive`.
    pub(crate) name: String,
    pub(crate) long: bool,
    pub(crate) value: Option<String>,
    /// The field holding the value, when it is a separate argument.
    pub(crate) value_index: Option<usize>,
}

/// The parse of one argument list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parsed {
    pub(crate) opts: Vec<Opt>,
    /// Indices of operands in the argument slice.
    pub(crate) operands: Vec<usize>,
    /// Index of the first argument not parsed (wrappers), or the length.
    pub(crate) rest: usize,
}

impl Parsed {
    /// Whether short option `c` was given.
    pub(crate) fn short(&self, c: char) -> bool {
        self.opts
            .iter()
            .any(|o| !o.long && o.name.len() == c.len_utf8() && o.name.starts_with(c))
    }

    /// Whether long option `name` was given (unique-prefix abbreviations count).
    pub(crate) fn long(&self, name: &str) -> bool {
        self.opts
            .iter()
            .any(|o| o.long && !o.name.is_empty() && name.starts_with(o.name.as_str()))
    }

    /// Whether short `c` or long `name` was given.
    pub(crate) fn any(&self, c: char, name: &str) -> bool {
        self.short(c) || self.long(name)
    }

    /// Values of short `c` or long `name`, in order.
    pub(crate) fn values<'a>(
        &'a self,
        c: Option<char>,
        name: Option<&'a str>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.opts.iter().filter_map(move |o| {
            let hit = if o.long {
                name.is_some_and(|n| !o.name.is_empty() && n.starts_with(o.name.as_str()))
            } else {
                c.is_some_and(|c| o.name.len() == c.len_utf8() && o.name.starts_with(c))
            };
            if hit { o.value.as_deref() } else { None }
        })
    }
}

/// Parses `args` (the arguments after the program name).
pub(crate) fn parse(args: &[Field], spec: &Spec) -> Parsed {
    let mut out = Parsed::default();
    let mut i = 0;
    let mut only_operands = false;
    while let Some(f) = args.get(i) {
        let a = f.text.as_str();
        if only_operands || a == "-" || !a.starts_with('-') {
            if spec.stop_at_operand {
                out.rest = i;
                return out;
            }
            out.operands.push(i);
            i += 1;
            continue;
        }
        if a == "--" {
            only_operands = true;
            i += 1;
            if spec.stop_at_operand {
                out.rest = i;
                return out;
            }
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            let takes = spec.long_values.iter().any(|l| {
                !name.is_empty() && l.starts_with(name) && (name.len() >= 3 || *l == name)
            });
            let (value, value_index) = if value.is_none() && takes {
                i += 1;
                (args.get(i).map(|f| f.text.clone()), Some(i))
            } else {
                (value, None)
            };
            out.opts.push(Opt {
                name: name.to_owned(),
                long: true,
                value,
                value_index,
            });
            i += 1;
            continue;
        }
        // Short options, possibly bundled; a value-taking option eats the rest or the next arg.
        let body = a.strip_prefix('-').unwrap_or(a);
        let chars = body.char_indices();
        for (pos, c) in chars {
            if spec.short_values.contains(c) {
                let rest = body.get(pos + c.len_utf8()..).unwrap_or_default();
                let (value, value_index) = if rest.is_empty() {
                    i += 1;
                    (args.get(i).map(|f| f.text.clone()), Some(i))
                } else {
                    (Some(rest.to_owned()), None)
                };
                out.opts.push(Opt {
                    name: c.to_string(),
                    long: false,
                    value,
                    value_index,
                });
                break;
            }
            out.opts.push(Opt {
                name: c.to_string(),
                long: false,
                value: None,
                value_index: None,
            });
        }
        i += 1;
    }
    out.rest = args.len();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(args: &[&str]) -> Vec<Field> {
        args.iter().map(|a| Field::plain(a)).collect()
    }

    #[test]
    fn bundled_and_long_options() {
        let a = fields(&["-fr", "--no-preserve-root", "/", "--", "-x"]);
        let p = parse(&a, &Spec::new("", &[]));
        assert!(p.short('r') && p.short('f') && p.long("no-preserve-root"));
        assert_eq!(p.operands, vec![2, 4]);
    }

    #[test]
    fn values_and_abbreviations() {
        let a = fields(&["-qO-", "--out", "x", "--rec", "u"]);
        let p = parse(&a, &Spec::new("O", &["output"]));
        assert_eq!(p.values(Some('O'), None).collect::<Vec<_>>(), vec!["-"]);
        assert_eq!(
            p.values(None, Some("output")).collect::<Vec<_>>(),
            vec!["x"]
        );
        assert!(p.long("recursive"));
        assert_eq!(p.operands, vec![4]);
    }

    #[test]
    fn wrapper_stops_at_command() {
        let a = fields(&["-u", "root", "-E", "rm", "-rf", "/"]);
        let p = parse(&a, &Spec::wrapper("u", &["user"]));
        assert_eq!(p.rest, 3);
    }
}
