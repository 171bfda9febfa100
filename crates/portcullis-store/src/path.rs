use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn absolute(v: Option<&OsStr>) -> Option<&Path> {
    v.filter(|v| !v.is_empty())
        .map(Path::new)
        .filter(|p| p.is_absolute())
}

/// Where the state file lives by default, following the XDG base directory spec:
/// `$XDG_STATE_HOME/portcullis/state.db`, else `$HOME/.local/state/portcullis/state.db`.
///
/// The caller passes the environment values (this crate reads no environment). A relative or
/// empty `XDG_STATE_HOME` is ignored, as the spec requires. `None` when neither gives an
/// absolute directory. The CLI's `PORTCULLIS_STATE` override is applied by the CLI, before this.
pub fn default_state_path(xdg_state_home: Option<&OsStr>, home: Option<&OsStr>) -> Option<PathBuf> {
    if let Some(state) = absolute(xdg_state_home) {
        return Some(state.join("portcullis").join("state.db"));
    }
    absolute(home).map(|h| {
        h.join(".local")
            .join("state")
            .join("portcullis")
            .join("state.db")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[expect(
        clippy::unnecessary_wraps,
        reason = "mirrors the Option arguments it feeds"
    )]
    fn os(s: &str) -> Option<&OsStr> {
        Some(OsStr::new(s))
    }

    #[test]
    fn xdg_state_home_wins() {
        assert_eq!(
            default_state_path(os("/x/state"), os("/home/u")),
            Some(PathBuf::from("/x/state/portcullis/state.db"))
        );
    }

    #[test]
    fn falls_back_to_home() {
        let want = Some(PathBuf::from("/home/u/.local/state/portcullis/state.db"));
        assert_eq!(default_state_path(None, os("/home/u")), want);
        assert_eq!(default_state_path(os(""), os("/home/u")), want);
        assert_eq!(default_state_path(os("rel/state"), os("/home/u")), want);
    }

    #[test]
    fn none_without_absolute_dirs() {
        assert_eq!(default_state_path(None, None), None);
        assert_eq!(default_state_path(os("rel"), os("")), None);
    }
}
