use std::fmt;
use std::io;
use std::path::Path;

/// Everything that can go wrong in the ledger crate.
///
/// Every variant has a stable snake_case [`code`](LedgerError::code) and, where the user can
/// fix it, a [`help`](LedgerError::help) line. Writers fail closed: an append that returns an
/// error wrote nothing (the file is truncated back to its previous length).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// A file could not be read or written.
    #[error(transparent)]
    Io(IoError),
    /// A key file is missing, unreadable, too open or in an unknown format.
    #[error(transparent)]
    Key(KeyError),
    /// A value cannot be written as canonical JSON without changing it.
    #[error(transparent)]
    Encode(EncodeError),
    /// A ledger record could not be read (`ledger show`, `ledger tail`, the writer's tail scan).
    #[error(transparent)]
    Record(RecordError),
    /// The writer refuses to append (a previous write failed in a way it could not undo).
    #[error(transparent)]
    Writer(WriterError),
    /// A masking rule is invalid.
    #[error(transparent)]
    Masking(MaskingError),
    /// An audit sink failed.
    #[error(transparent)]
    Sink(SinkError),
}

impl LedgerError {
    /// The stable machine code, e.g. `key_permissions`.
    pub fn code(&self) -> &'static str {
        self.detail().code
    }

    /// A hint for the user, when there is one (`chmod 600 …`).
    pub fn help(&self) -> Option<&str> {
        self.detail().help.as_deref()
    }

    /// A copy with the same variant, code, message and help (the I/O source is not kept):
    /// one failed group commit answers every append in it.
    pub(crate) fn duplicate(&self) -> LedgerError {
        let d = self.detail();
        let copy = Detail {
            code: d.code,
            message: d.message.clone(),
            help: d.help.clone(),
            source: None,
        };
        match self {
            LedgerError::Io(_) => LedgerError::Io(IoError(copy)),
            LedgerError::Key(_) => LedgerError::Key(KeyError(copy)),
            LedgerError::Encode(_) => LedgerError::Encode(EncodeError(copy)),
            LedgerError::Record(_) => LedgerError::Record(RecordError(copy)),
            LedgerError::Writer(_) => LedgerError::Writer(WriterError(copy)),
            LedgerError::Masking(_) => LedgerError::Masking(MaskingError(copy)),
            LedgerError::Sink(_) => LedgerError::Sink(SinkError(copy)),
        }
    }

    fn detail(&self) -> &Detail {
        match self {
            LedgerError::Io(e) => &e.0,
            LedgerError::Key(e) => &e.0,
            LedgerError::Encode(e) => &e.0,
            LedgerError::Record(e) => &e.0,
            LedgerError::Writer(e) => &e.0,
            LedgerError::Masking(e) => &e.0,
            LedgerError::Sink(e) => &e.0,
        }
    }

    pub(crate) fn io(action: &str, path: &Path, err: io::Error) -> LedgerError {
        LedgerError::Io(IoError(Detail::new(
            "ledger_io",
            format!("cannot {action} `{}`: {err}", path.display()),
            Some(err),
        )))
    }

    pub(crate) fn key(code: &'static str, message: String, help: Option<String>) -> LedgerError {
        LedgerError::Key(KeyError(Detail::new(code, message, None).with_help(help)))
    }

    pub(crate) fn key_io(path: &Path, err: io::Error) -> LedgerError {
        let help = (err.kind() == io::ErrorKind::AlreadyExists)
            .then(|| "choose another directory or remove the old key pair first".to_owned());
        let code = if help.is_some() {
            "key_exists"
        } else {
            "key_io"
        };
        LedgerError::Key(KeyError(
            Detail::new(
                code,
                format!("cannot use key file `{}`: {err}", path.display()),
                Some(err),
            )
            .with_help(help),
        ))
    }

    pub(crate) fn encode(code: &'static str, message: String) -> LedgerError {
        LedgerError::Encode(EncodeError(Detail::new(code, message, None)))
    }

    pub(crate) fn record(message: String) -> LedgerError {
        LedgerError::Record(RecordError(Detail::new("malformed_record", message, None)))
    }

    pub(crate) fn writer(code: &'static str, message: String) -> LedgerError {
        LedgerError::Writer(WriterError(Detail::new(code, message, None)))
    }

    pub(crate) fn masking(message: String) -> LedgerError {
        LedgerError::Masking(MaskingError(Detail::new("invalid_pointer", message, None)))
    }

    pub(crate) fn sink(code: &'static str, message: String) -> LedgerError {
        LedgerError::Sink(SinkError(Detail::new(code, message, None)))
    }
}

#[derive(Debug)]
struct Detail {
    code: &'static str,
    message: String,
    help: Option<String>,
    source: Option<io::Error>,
}

impl Detail {
    fn new(code: &'static str, message: String, source: Option<io::Error>) -> Detail {
        Detail {
            code,
            message,
            help: None,
            source,
        }
    }

    fn with_help(mut self, help: Option<String>) -> Detail {
        self.help = help;
        self
    }
}

macro_rules! error_struct {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name(Detail);

        impl $name {
            /// The stable machine code.
            pub fn code(&self) -> &'static str {
                self.0.code
            }

            /// What went wrong (the same text as `Display`).
            pub fn message(&self) -> &str {
                &self.0.message
            }

            /// A hint for the user, when there is one.
            pub fn help(&self) -> Option<&str> {
                self.0.help.as_deref()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0.message)
            }
        }

        impl std::error::Error for $name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                self.0.source.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
            }
        }
    };
}

error_struct!(
    /// A file could not be read or written (code `ledger_io`).
    IoError
);
error_struct!(
    /// A key problem: `key_permissions`, `key_format`, `key_encrypted`, `key_exists`,
    /// `key_mismatch`, `key_io`.
    KeyError
);
error_struct!(
    /// A value canonical JSON cannot carry unchanged: `value_not_finite`,
    /// `integer_out_of_range`, `entry_too_large`, `invalid_time`, `encode_failed`.
    EncodeError
);
error_struct!(
    /// A ledger record that cannot be read (code `malformed_record`).
    RecordError
);
error_struct!(
    /// The writer refuses to append: `ledger_poisoned`.
    WriterError
);
error_struct!(
    /// A masking rule with an invalid JSON pointer (code `invalid_pointer`).
    MaskingError
);
error_struct!(
    /// An audit sink failure: `sink_io`, `sink_url`, `sink_http`, `sink_closed`.
    SinkError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_help_are_exposed() {
        let e = LedgerError::key(
            "key_permissions",
            "key file `k` is readable by others".into(),
            Some("chmod 600 k".into()),
        );
        assert_eq!(e.code(), "key_permissions");
        assert_eq!(e.help(), Some("chmod 600 k"));
        assert_eq!(e.to_string(), "key file `k` is readable by others");
        let e = LedgerError::io(
            "open",
            Path::new("/x"),
            io::Error::new(io::ErrorKind::NotFound, "gone"),
        );
        assert_eq!(e.code(), "ledger_io");
        assert!(std::error::Error::source(&e).is_some());
    }
}
