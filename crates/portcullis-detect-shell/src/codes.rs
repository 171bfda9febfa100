//! Finding codes and their default risks. Codes are stable API (README "Finding codes").

macro_rules! codes {
    ($($ident:ident = $code:literal, $risk:literal;)*) => {
        $(pub(crate) const $ident: (&str, u8) = ($code, $risk);)*
        /// Every finding code this crate emits, with its default risk.
        pub const ALL_CODES: &[(&str, u8)] = &[$(($code, $risk)),*];
    };
}

codes! {
    RM_ROOT = "shell.rm_recursive_root", 100;
    RM_HOME = "shell.rm_recursive_home", 95;
    RM_SYSTEM = "shell.rm_recursive_system", 95;
    RM_CWD = "shell.rm_recursive_cwd", 90;
    RM_PARENT = "shell.rm_recursive_parent", 90;
    RM_DYNAMIC = "shell.rm_recursive_dynamic", 60;
    DISK_WIPE = "shell.disk_wipe", 100;
    MKFS = "shell.mkfs", 95;
    FORK_BOMB = "shell.fork_bomb", 95;
    CHMOD_SYSTEM = "shell.chmod_recursive_system", 95;
    CHMOD_WORLD = "shell.chmod_world_writable", 90;
    DOWNLOAD_EXEC = "shell.download_exec", 95;
    DECODE_EXEC = "shell.decode_exec", 90;
    DB_DROP = "shell.db_drop", 95;
    DB_TRUNCATE = "shell.db_truncate", 90;
    INFRA_DESTROY = "shell.infra_destroy", 95;
    KUBECTL_DELETE = "shell.kubectl_delete", 90;
    HELM_UNINSTALL = "shell.helm_uninstall", 60;
    CLOUD_DELETE = "shell.cloud_delete", 90;
    GIT_FORCE_PUSH = "shell.git_force_push", 60;
    GIT_MIRROR_PUSH = "shell.git_mirror_push", 80;
    GIT_REMOTE_DELETE = "shell.git_remote_delete", 60;
    GIT_HISTORY = "shell.git_history_destroy", 55;
    SHUTDOWN = "shell.shutdown", 90;
    KILL_ALL = "shell.kill_all", 90;
    SUDOERS = "shell.write_sudoers", 95;
    AUTHORIZED_KEYS = "shell.write_authorized_keys", 90;
    CRONTAB = "shell.write_crontab", 60;
    STARTUP = "shell.write_shell_startup", 60;
    HISTORY_WIPE = "shell.history_wipe", 80;
    LOG_WIPE = "shell.log_wipe", 90;
    DYNAMIC_COMMAND = "shell.dynamic_command", 60;
    UNPARSEABLE = "shell.unparseable", 60;
    UPLOAD = "egress.upload", 60;
    REVERSE_SHELL = "egress.reverse_shell", 100;
    DNS_EXFIL = "egress.dns_exfil", 90;
}

/// Whether `code` names a destructive finding (default risk 90 or more).
pub fn is_destructive(code: &str) -> bool {
    ALL_CODES.iter().any(|&(c, r)| c == code && r >= 90)
}
