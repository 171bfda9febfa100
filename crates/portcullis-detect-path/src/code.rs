//! Finding codes, their groups, risks and descriptions.

use std::fmt;

/// How a tool call uses a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// Reads the file (`cat`, `read_file`, `open(..)`).
    Read,
    /// Creates, overwrites, appends to or edits the file (`>`, `tee`, `write_file`, `sed -i`).
    Write,
    /// Removes or truncates the file (`rm`, `unlink`, `shred`).
    Delete,
    /// Runs or sources the file (`bash x.sh`, `source .env`): treated like a read.
    Execute,
    /// Sends the file off the machine (`curl -F f=@x`, `scp x host:`).
    Upload,
}

impl Access {
    /// Every access kind.
    pub const ALL: [Access; 5] = [
        Access::Read,
        Access::Write,
        Access::Delete,
        Access::Execute,
        Access::Upload,
    ];

    /// The wire spelling (`read`, `write`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::Delete => "delete",
            Access::Execute => "execute",
            Access::Upload => "upload",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether the access changes the file (write or delete).
    pub const fn modifies(self) -> bool {
        matches!(self, Access::Write | Access::Delete)
    }

    const fn verb(self) -> &'static str {
        match self {
            Access::Read => "reading",
            Access::Write => "writing",
            Access::Delete => "deleting",
            Access::Execute => "executing",
            Access::Upload => "uploading",
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of finding a code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeGroup {
    /// Credential or key material: reported for every access; sets [`crate::PathReport::sensitive`].
    Secret,
    /// A security-critical write target: reported for writes and deletes; sets
    /// [`crate::PathReport::critical`].
    Critical,
    /// Worth a human review when changed (CI, infrastructure, migrations, backups): reported for
    /// writes and deletes.
    Review,
    /// About the input itself (NUL bytes, length, traversal, globs, network pseudo-devices).
    Input,
}

/// A stable finding code of this crate (`path.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathCode {
    /// `path.dotenv`: `.env` files.
    Dotenv,
    /// `path.ssh_private_key`: SSH private keys.
    SshPrivateKey,
    /// `path.tls_private_key`: TLS/X.509 private keys.
    TlsPrivateKey,
    /// `path.pgp_private_key`: OpenPGP secret keys.
    PgpPrivateKey,
    /// `path.keystore`: Java and PKCS#12 key stores.
    Keystore,
    /// `path.cloud_credentials`: AWS, GCP, Azure and other cloud CLI credentials.
    CloudCredentials,
    /// `path.kubeconfig`: Kubernetes client configuration.
    Kubeconfig,
    /// `path.netrc`: `.netrc` login files.
    Netrc,
    /// `path.npmrc`: `.npmrc` (registry tokens).
    Npmrc,
    /// `path.pypirc`: `.pypirc` (PyPI tokens).
    Pypirc,
    /// `path.git_credentials`: Git and forge CLI credential stores.
    GitCredentials,
    /// `path.tool_credentials`: package-manager and tool credential files.
    ToolCredentials,
    /// `path.docker_config`: Docker registry credentials.
    DockerConfig,
    /// `path.shadow`: password hash databases.
    Shadow,
    /// `path.tfstate`: Terraform state.
    Tfstate,
    /// `path.secret_manifest`: Kubernetes/Helm secret manifests.
    SecretManifest,
    /// `path.secret_file`: generic secret and password files.
    SecretFile,
    /// `path.proc_environ`: another process's environment.
    ProcEnviron,
    /// `path.vault_token`: HashiCorp Vault token.
    VaultToken,
    /// `path.password_store`: password managers and key rings.
    PasswordStore,
    /// `path.browser_profile`: browser cookies and saved logins.
    BrowserProfile,
    /// `path.history`: shell and REPL history.
    History,
    /// `path.secrets_dir`: files in a `secrets/` directory.
    SecretsDir,
    /// `path.system_write`: system directories.
    SystemWrite,
    /// `path.home_directory`: the home directory itself.
    HomeDirectory,
    /// `path.sudoers`: sudo and doas configuration.
    Sudoers,
    /// `path.authorized_keys`: SSH authorized keys.
    AuthorizedKeys,
    /// `path.ssh_config`: SSH client configuration that can run commands.
    SshConfig,
    /// `path.shell_startup`: shell and interpreter startup files.
    ShellStartup,
    /// `path.crontab`: cron tables.
    Crontab,
    /// `path.service_autostart`: services and login items that start by themselves.
    ServiceAutostart,
    /// `path.git_hooks`: Git hooks.
    GitHooks,
    /// `path.git_config`: Git configuration that can run commands.
    GitConfig,
    /// `path.ci_config`: CI pipeline definitions and code owners.
    CiConfig,
    /// `path.infra_config`: infrastructure as code.
    InfraConfig,
    /// `path.db_migration`: database migrations.
    DbMigration,
    /// `path.backup_delete`: deleting backups and dumps.
    BackupDelete,
    /// `path.network_device`: bash's `/dev/tcp` and `/dev/udp` network pseudo-files.
    NetworkDevice,
    /// `path.nul_byte`: a NUL byte in the path.
    NulByte,
    /// `path.too_long`: a path longer than 4096 bytes.
    TooLong,
    /// `path.parent_escape`: a relative path that climbs above the working directory.
    ParentEscape,
    /// `path.glob_too_broad`: a glob with too many possible expansions to check.
    GlobTooBroad,
}

impl PathCode {
    /// Every code, in report order.
    pub const ALL: [PathCode; 42] = [
        PathCode::Dotenv,
        PathCode::SshPrivateKey,
        PathCode::TlsPrivateKey,
        PathCode::PgpPrivateKey,
        PathCode::Keystore,
        PathCode::CloudCredentials,
        PathCode::Kubeconfig,
        PathCode::Netrc,
        PathCode::Npmrc,
        PathCode::Pypirc,
        PathCode::GitCredentials,
        PathCode::ToolCredentials,
        PathCode::DockerConfig,
        PathCode::Shadow,
        PathCode::Tfstate,
        PathCode::SecretManifest,
        PathCode::SecretFile,
        PathCode::ProcEnviron,
        PathCode::VaultToken,
        PathCode::PasswordStore,
        PathCode::BrowserProfile,
        PathCode::History,
        PathCode::SecretsDir,
        PathCode::SystemWrite,
        PathCode::HomeDirectory,
        PathCode::Sudoers,
        PathCode::AuthorizedKeys,
        PathCode::SshConfig,
        PathCode::ShellStartup,
        PathCode::Crontab,
        PathCode::ServiceAutostart,
        PathCode::GitHooks,
        PathCode::GitConfig,
        PathCode::CiConfig,
        PathCode::InfraConfig,
        PathCode::DbMigration,
        PathCode::BackupDelete,
        PathCode::NetworkDevice,
        PathCode::NulByte,
        PathCode::TooLong,
        PathCode::ParentEscape,
        PathCode::GlobTooBroad,
    ];

    /// The stable code string, e.g. `path.dotenv`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PathCode::Dotenv => "path.dotenv",
            PathCode::SshPrivateKey => "path.ssh_private_key",
            PathCode::TlsPrivateKey => "path.tls_private_key",
            PathCode::PgpPrivateKey => "path.pgp_private_key",
            PathCode::Keystore => "path.keystore",
            PathCode::CloudCredentials => "path.cloud_credentials",
            PathCode::Kubeconfig => "path.kubeconfig",
            PathCode::Netrc => "path.netrc",
            PathCode::Npmrc => "path.npmrc",
            PathCode::Pypirc => "path.pypirc",
            PathCode::GitCredentials => "path.git_credentials",
            PathCode::ToolCredentials => "path.tool_credentials",
            PathCode::DockerConfig => "path.docker_config",
            PathCode::Shadow => "path.shadow",
            PathCode::Tfstate => "path.tfstate",
            PathCode::SecretManifest => "path.secret_manifest",
            PathCode::SecretFile => "path.secret_file",
            PathCode::ProcEnviron => "path.proc_environ",
            PathCode::VaultToken => "path.vault_token",
            PathCode::PasswordStore => "path.password_store",
            PathCode::BrowserProfile => "path.browser_profile",
            PathCode::History => "path.history",
            PathCode::SecretsDir => "path.secrets_dir",
            PathCode::SystemWrite => "path.system_write",
            PathCode::HomeDirectory => "path.home_directory",
            PathCode::Sudoers => "path.sudoers",
            PathCode::AuthorizedKeys => "path.authorized_keys",
            PathCode::SshConfig => "path.ssh_config",
            PathCode::ShellStartup => "path.shell_startup",
            PathCode::Crontab => "path.crontab",
            PathCode::ServiceAutostart => "path.service_autostart",
            PathCode::GitHooks => "path.git_hooks",
            PathCode::GitConfig => "path.git_config",
            PathCode::CiConfig => "path.ci_config",
            PathCode::InfraConfig => "path.infra_config",
            PathCode::DbMigration => "path.db_migration",
            PathCode::BackupDelete => "path.backup_delete",
            PathCode::NetworkDevice => "path.network_device",
            PathCode::NulByte => "path.nul_byte",
            PathCode::TooLong => "path.too_long",
            PathCode::ParentEscape => "path.parent_escape",
            PathCode::GlobTooBroad => "path.glob_too_broad",
        }
    }

    /// Parses a code string.
    pub fn parse(s: &str) -> Option<PathCode> {
        PathCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The code's group.
    pub const fn group(self) -> CodeGroup {
        match self as u8 {
            n if n <= PathCode::SecretsDir as u8 => CodeGroup::Secret,
            n if n <= PathCode::GitConfig as u8 => CodeGroup::Critical,
            n if n <= PathCode::BackupDelete as u8 => CodeGroup::Review,
            _ => CodeGroup::Input,
        }
    }

    /// The risk (0–100) of this finding for `access`.
    ///
    /// Secrets: the table value for reads and executes, +5 for uploads, 60 for writes and
    /// deletes (tampering with or destroying credentials).
    pub const fn risk(self, access: Access) -> u8 {
        if let CodeGroup::Secret = self.group() {
            let base = self.base_risk();
            return match access {
                Access::Read | Access::Execute => base,
                Access::Upload => {
                    if base >= 95 {
                        100
                    } else {
                        base + 5
                    }
                }
                Access::Write | Access::Delete => 60,
            };
        }
        match self {
            PathCode::ParentEscape if !access.modifies() => 20,
            _ => self.base_risk(),
        }
    }

    const fn base_risk(self) -> u8 {
        match self {
            PathCode::Dotenv => 85,
            PathCode::SshPrivateKey => 95,
            PathCode::TlsPrivateKey => 90,
            PathCode::PgpPrivateKey => 95,
            PathCode::Keystore => 85,
            PathCode::CloudCredentials => 95,
            PathCode::Kubeconfig => 90,
            PathCode::Netrc => 90,
            PathCode::Npmrc => 80,
            PathCode::Pypirc => 85,
            PathCode::GitCredentials => 90,
            PathCode::ToolCredentials => 85,
            PathCode::DockerConfig => 85,
            PathCode::Shadow => 95,
            PathCode::Tfstate => 85,
            PathCode::SecretManifest => 80,
            PathCode::SecretFile => 85,
            PathCode::ProcEnviron => 90,
            PathCode::VaultToken => 95,
            PathCode::PasswordStore => 95,
            PathCode::BrowserProfile => 90,
            PathCode::History => 80,
            PathCode::SecretsDir => 80,
            PathCode::SystemWrite => 90,
            PathCode::HomeDirectory => 95,
            PathCode::Sudoers => 95,
            PathCode::AuthorizedKeys => 95,
            PathCode::SshConfig => 90,
            PathCode::ShellStartup => 85,
            PathCode::Crontab => 90,
            PathCode::ServiceAutostart => 85,
            PathCode::GitHooks => 80,
            PathCode::GitConfig => 70,
            PathCode::CiConfig => 55,
            PathCode::InfraConfig => 50,
            PathCode::DbMigration => 50,
            PathCode::BackupDelete => 85,
            PathCode::NetworkDevice => 70,
            PathCode::NulByte => 90,
            PathCode::TooLong => 60,
            PathCode::ParentEscape => 40,
            PathCode::GlobTooBroad => 40,
        }
    }

    /// A short noun phrase for messages (`an SSH private key`).
    pub const fn describe(self) -> &'static str {
        match self {
            PathCode::Dotenv => "a dotenv file (environment secrets)",
            PathCode::SshPrivateKey => "an SSH private key",
            PathCode::TlsPrivateKey => "a TLS private key",
            PathCode::PgpPrivateKey => "an OpenPGP secret key",
            PathCode::Keystore => "a key store",
            PathCode::CloudCredentials => "cloud credentials",
            PathCode::Kubeconfig => "a Kubernetes kubeconfig",
            PathCode::Netrc => "a netrc login file",
            PathCode::Npmrc => "an npm config with registry tokens",
            PathCode::Pypirc => "a PyPI config with upload tokens",
            PathCode::GitCredentials => "Git credentials",
            PathCode::ToolCredentials => "tool or package-manager credentials",
            PathCode::DockerConfig => "Docker registry credentials",
            PathCode::Shadow => "a password hash database",
            PathCode::Tfstate => "Terraform state (holds secrets in clear)",
            PathCode::SecretManifest => "a secret manifest",
            PathCode::SecretFile => "a secret or password file",
            PathCode::ProcEnviron => "a process environment",
            PathCode::VaultToken => "a Vault token",
            PathCode::PasswordStore => "a password store or key ring",
            PathCode::BrowserProfile => "browser cookies or saved logins",
            PathCode::History => "shell or REPL history",
            PathCode::SecretsDir => "a file in a secrets directory",
            PathCode::SystemWrite => "a system location",
            PathCode::HomeDirectory => "the home directory itself",
            PathCode::Sudoers => "sudo configuration",
            PathCode::AuthorizedKeys => "SSH authorized keys",
            PathCode::SshConfig => "SSH configuration that can run commands",
            PathCode::ShellStartup => "a startup file run by every new shell or interpreter",
            PathCode::Crontab => "a cron table",
            PathCode::ServiceAutostart => "a service or login item that starts by itself",
            PathCode::GitHooks => "a Git hook",
            PathCode::GitConfig => "Git configuration that can run commands",
            PathCode::CiConfig => "a CI pipeline definition",
            PathCode::InfraConfig => "infrastructure as code",
            PathCode::DbMigration => "a database migration",
            PathCode::BackupDelete => "a backup or dump",
            PathCode::NetworkDevice => "a network pseudo-device",
            PathCode::NulByte => "a NUL byte (the path is cut there)",
            PathCode::TooLong => "an over-long path",
            PathCode::ParentEscape => "a path above the working directory",
            PathCode::GlobTooBroad => "a glob with too many expansions to check",
        }
    }

    /// The finding message for `path` under `access`.
    pub(crate) fn message(self, access: Access, path: &str) -> String {
        format!("{} `{path}`: {}", access.verb(), self.describe())
    }
}

impl fmt::Display for PathCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of [`PathCode`]s as a bit set (42 codes fit in a `u64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CodeSet(u64);

impl CodeSet {
    pub(crate) fn insert(&mut self, code: PathCode) {
        self.0 |= 1 << (code as u8);
    }

    pub(crate) fn union(&mut self, other: CodeSet) {
        self.0 |= other.0;
    }

    pub(crate) fn contains(self, code: PathCode) -> bool {
        self.0 & (1 << (code as u8)) != 0
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = PathCode> {
        PathCode::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for c in PathCode::ALL {
            assert_eq!(PathCode::parse(c.as_str()), Some(c));
            assert!(c.as_str().starts_with("path."));
            assert!(seen.insert(c.as_str()));
            assert_eq!(PathCode::ALL[c as usize], c, "ALL is in declaration order");
        }
    }

    #[test]
    fn groups_and_risks() {
        assert_eq!(PathCode::SecretsDir.group(), CodeGroup::Secret);
        assert_eq!(PathCode::SystemWrite.group(), CodeGroup::Critical);
        assert_eq!(PathCode::GitConfig.group(), CodeGroup::Critical);
        assert_eq!(PathCode::CiConfig.group(), CodeGroup::Review);
        assert_eq!(PathCode::NulByte.group(), CodeGroup::Input);
        assert_eq!(PathCode::SshPrivateKey.risk(Access::Read), 95);
        assert_eq!(PathCode::SshPrivateKey.risk(Access::Upload), 100);
        assert_eq!(PathCode::Dotenv.risk(Access::Upload), 90);
        assert_eq!(PathCode::Dotenv.risk(Access::Write), 60);
        assert_eq!(PathCode::ParentEscape.risk(Access::Read), 20);
        assert_eq!(PathCode::ParentEscape.risk(Access::Delete), 40);
        for c in PathCode::ALL {
            for a in Access::ALL {
                assert!(c.risk(a) <= 100);
            }
        }
    }

    #[test]
    fn code_set() {
        let mut s = CodeSet::default();
        s.insert(PathCode::GlobTooBroad);
        s.insert(PathCode::Dotenv);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            [PathCode::Dotenv, PathCode::GlobTooBroad]
        );
    }
}
