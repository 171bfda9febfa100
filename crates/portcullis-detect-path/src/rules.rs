//! The classification rules, over lowercased, cleaned segments of a concrete (non-glob) path.
//!
//! Each function answers for one group and returns the most specific code of that group.

use crate::code::{CodeSet, PathCode};
use crate::normalize::Anchor;

/// A concrete path as the rules see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<'a> {
    anchor: Anchor,
    segs: &'a [&'a str],
    /// The last segment, its extension and stem, computed once (the rules ask often).
    name: &'a str,
    ext: &'a str,
    stem: &'a str,
}

impl<'a> Key<'a> {
    pub(crate) fn new(anchor: Anchor, segs: &'a [&'a str]) -> Key<'a> {
        let name = segs.last().copied().unwrap_or("");
        Key {
            anchor,
            segs,
            name,
            ext: ext(name),
            stem: stem(name),
        }
    }

    fn name(&self) -> &'a str {
        self.name
    }

    fn dirs(&self) -> &[&str] {
        self.segs.split_last().map_or(&[], |(_, d)| d)
    }

    fn parent(&self) -> &str {
        self.dirs().last().copied().unwrap_or("")
    }

    fn has_dir(&self, d: &str) -> bool {
        self.dirs().contains(&d)
    }

    fn has_dir_any(&self, ds: &[&str]) -> bool {
        self.dirs().iter().any(|d| ds.contains(d))
    }

    /// Two consecutive segments `a/b` anywhere (`b` may be the name).
    fn has_pair(&self, a: &str, b: &str) -> bool {
        self.segs.windows(2).any(|w| w == [a, b])
    }

    /// Root-anchored path starting with `prefix`.
    fn rooted(&self, prefix: &[&str]) -> bool {
        self.anchor == Anchor::Root && self.segs.starts_with(prefix)
    }
}

/// Every code for a concrete path (access-independent).
pub(crate) fn codes(key: Key<'_>) -> CodeSet {
    let mut set = CodeSet::default();
    if let Some(c) = secret(key) {
        set.insert(c);
    }
    if let Some(c) = critical(key) {
        set.insert(c);
    }
    if let Some(c) = review(key) {
        set.insert(c);
    }
    if backup(key) {
        set.insert(PathCode::BackupDelete);
    }
    if key.rooted(&["dev", "tcp"]) || key.rooted(&["dev", "udp"]) {
        set.insert(PathCode::NetworkDevice);
    }
    set
}

/// The extension after the last dot (`pem` for `a.pem` and for `.pem`).
fn ext(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, e)| e)
}

/// The name before the last dot.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Source and documentation extensions: a file with one of these is code or prose about a
/// topic, not the secret itself (`src/secrets/mod.rs`, `docs/secrets/index.md`).
const CODE_EXTS: &[&str] = &[
    "rs", "py", "pyi", "go", "ts", "tsx", "js", "jsx", "mjs", "cjs", "java", "kt", "kts", "scala",
    "rb", "php", "c", "h", "cc", "cpp", "hpp", "cs", "swift", "m", "mm", "md", "mdx", "rst",
    "adoc", "html", "css", "scss", "vue", "svelte", "ex", "exs", "erl", "hs", "ml", "clj", "lua",
    "pl", "dart", "zig", "proto", "snap", "ipynb", "sql", "graphql", "tf",
];

fn is_code(k: Key<'_>) -> bool {
    k.name.contains('.') && CODE_EXTS.contains(&k.ext)
}

/// Suffixes that mark a dotenv template, which holds no real secrets by convention.
const TEMPLATE_WORDS: &[&str] = &[
    "example", "sample", "template", "tmpl", "tpl", "dist", "defaults", "schema", "md",
];

fn is_template_suffix(suffix: &str) -> bool {
    suffix
        .rsplit(['.', '-', '_'])
        .next()
        .is_some_and(|last| TEMPLATE_WORDS.contains(&last))
        || suffix == "d.ts"
}

fn dotenv(k: Key<'_>) -> bool {
    let name = k.name();
    if matches!(name, ".env" | ".envrc" | ".dev.vars" | ".env.keys") {
        return true;
    }
    if let Some(suffix) = name
        .strip_prefix(".env.")
        .or_else(|| name.strip_prefix(".env-"))
        .or_else(|| name.strip_prefix(".env_"))
    {
        return !suffix.is_empty() && !is_template_suffix(suffix);
    }
    if let Some(prefix) = name.strip_suffix(".env") {
        // `prod.env`, `.prod.env`, `docker.env`; not `example.env` or `app.example.env`.
        return !prefix.is_empty() && !is_template_suffix(prefix.trim_start_matches('.'));
    }
    false
}

const SSH_KEY_NAMES: &[&str] = &[
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "id_ecdsa_sk",
    "id_ed25519_sk",
    "id_xmss",
];

/// Files in `~/.ssh` that are not secret.
const SSH_PUBLIC_NAMES: &[&str] = &[
    "known_hosts",
    "known_hosts.old",
    "authorized_keys",
    "authorized_keys2",
    "config",
    "environment",
    "rc",
    "allowed_signers",
];

fn is_public_key_name(k: Key<'_>) -> bool {
    let name = k.name;
    let e = k.ext;
    e == "pub" || e == "crt" || e == "cer" || name.ends_with("-cert.pub")
}

fn ssh_private_key(k: Key<'_>) -> bool {
    let name = k.name();
    if SSH_KEY_NAMES.contains(&name) || k.ext == "ppk" {
        return true;
    }
    if name.starts_with("ssh_host_") && name.ends_with("_key") {
        return true;
    }
    if k.has_dir(".ssh") {
        // Any non-public file in `.ssh` is treated as a key: people name keys freely
        // (`~/.ssh/github`, `~/.ssh/work.pem`).
        return !is_public_key_name(k)
            && !SSH_PUBLIC_NAMES.contains(&name)
            && !name.starts_with("config")
            && !name.starts_with("known_hosts");
    }
    false
}

/// Names that say a `.pem` holds certificates or public material, not a private key.
fn pem_is_public(k: Key<'_>) -> bool {
    let s = k.stem;
    [
        "cert", "chain", "crt", "public", "pub", "bundle", "dhparam", "trust",
    ]
    .iter()
    .any(|w| s.contains(w))
        || matches!(s, "ca" | "root" | "rootca" | "intermediate")
        || s.starts_with("ca-")
        || s.starts_with("ca_")
        || s.ends_with("-ca")
        || s.ends_with("_ca")
        || k.has_dir("certs")
        || k.has_dir("ca-certificates")
}

fn tls_private_key(k: Key<'_>) -> bool {
    let name = k.name();
    if name == "master.key" {
        // Rails' master key: reported as `path.secret_file`.
        return false;
    }
    let e = k.ext;
    if matches!(e, "key" | "p8" | "pk8" | "pkcs8") {
        return true;
    }
    if e == "pem" && !pem_is_public(k) {
        return true;
    }
    let s = k.stem;
    if ["privkey", "private_key", "private-key", "privatekey"]
        .iter()
        .any(|p| s.starts_with(p))
        && !is_code(k)
    {
        return true;
    }
    k.has_pair("ssl", "private") && k.segs.len() > 2 && k.parent() == "private"
}

fn pgp_private_key(k: Key<'_>) -> bool {
    let name = k.name();
    if k.has_dir("private-keys-v1.d") || matches!(name, "secring.gpg" | "secring.skr") {
        return true;
    }
    if k.has_dir(".gnupg") && k.ext == "key" {
        return true;
    }
    matches!(k.ext, "asc" | "gpg" | "pgp" | "sec")
        && (k.stem.contains("secret") || k.stem.contains("private"))
}

fn keystore(k: Key<'_>) -> bool {
    let name = k.name();
    matches!(
        k.ext,
        "jks" | "keystore" | "p12" | "pfx" | "bks" | "jceks" | "pkcs12"
    ) || matches!(name, "keystore.properties" | "key.properties")
}

/// Directories whose every file is a cloud credential or token cache.
const CLOUD_DIRS: &[&str] = &[
    ".aws",
    ".azure",
    ".oci",
    ".aliyun",
    ".cloudflared",
    "doctl",
    "hcloud",
    "scw",
    "linode-cli",
    ".bluemix",
];

fn cloud_credentials(k: Key<'_>) -> bool {
    let name = k.name();
    if k.has_dir_any(CLOUD_DIRS) {
        return true;
    }
    if k.has_dir("gcloud")
        && (name.contains("credential")
            || name.contains("token")
            || k.ext == "db"
            || k.has_dir("legacy_credentials"))
    {
        return true;
    }
    if matches!(
        name,
        "application_default_credentials.json"
            | ".s3cfg"
            | ".boto"
            | ".databrickscfg"
            | ".passwd-s3fs"
            | "passwd-s3fs"
            | "rclone.conf"
            | "clouds.yaml"
            | "secure.yaml"
            | "gcp-key.json"
            | "gcp-credentials.json"
            | "google-credentials.json"
            | "keyfile.json"
    ) {
        return true;
    }
    if k.ext == "json" {
        let s = k.stem;
        return [
            "service-account",
            "service_account",
            "serviceaccount",
            "client_secret",
        ]
        .iter()
        .any(|w| s.contains(w))
            || s == "sa-key"
            || s.ends_with("-sa-key")
            || s.ends_with("_sa_key");
    }
    false
}

fn kubeconfig(k: Key<'_>) -> bool {
    let name = k.name();
    if k.has_dir(".kube") && !k.has_dir("cache") && !k.has_dir("http-cache") {
        return true;
    }
    if name.starts_with("kubeconfig") && !is_code(k) {
        return true;
    }
    if k.has_pair("etc", "kubernetes") && k.ext == "conf" {
        return true;
    }
    name == "k3s.yaml" || k.has_pair("kubelet", "kubeconfig")
}

fn git_credentials(k: Key<'_>) -> bool {
    let name = k.name();
    matches!(name, ".git-credentials" | ".gitcookies")
        || (k.parent() == "git" && name == "credentials")
        || (k.parent() == "gh" && name == "hosts.yml")
        || (k.parent() == ".config" && name == "hub")
        || (k.parent() == "glab-cli" && name == "config.yml")
}

fn tool_credentials(k: Key<'_>) -> bool {
    let name = k.name();
    let parent = k.parent();
    (parent == ".cargo" && matches!(name, "credentials" | "credentials.toml"))
        || (parent == ".gem" && name == "credentials")
        || (parent == ".composer" || parent == "composer") && name == "auth.json"
        || (parent == ".m2" && matches!(name, "settings.xml" | "settings-security.xml"))
        || (parent == ".gradle" && name == "gradle.properties")
        || matches!(
            name,
            ".terraformrc" | "terraform.rc" | "credentials.tfrc.json"
        )
        || (parent == ".pulumi" && name == "credentials.json")
        || (parent == ".circleci" && name == "cli.yml")
        || (parent == ".nuget" && name == "nuget.config")
}

fn docker_config(k: Key<'_>) -> bool {
    let name = k.name();
    (k.parent() == ".docker" && name == "config.json") || name == ".dockercfg"
}

fn shadow(k: Key<'_>) -> bool {
    let name = k.name();
    (k.parent() == "etc"
        && matches!(
            name,
            "shadow" | "gshadow" | "shadow-" | "gshadow-" | "master.passwd" | "spwd.db"
        ))
        || k.has_pair("security", "opasswd")
        || (k.has_pair("system32", "config") && matches!(name, "sam" | "security" | "system"))
}

fn proc_environ(k: Key<'_>) -> bool {
    k.anchor == Anchor::Root && k.segs.first() == Some(&"proc") && k.name() == "environ"
}

fn password_store(k: Key<'_>) -> bool {
    let name = k.name();
    k.has_dir(".password-store")
        || matches!(
            k.ext,
            "kdbx" | "kdb" | "psafe3" | "opvault" | "1pif" | "keychain" | "keychain-db" | "keyring"
        )
        || k.has_dir("keychains")
        || k.has_dir("keyrings")
        || (k.has_dir("bitwarden") && name == "data.json")
}

const BROWSER_DIRS: &[&str] = &[
    ".mozilla",
    "firefox",
    "google-chrome",
    "chrome",
    "chromium",
    "brave-browser",
    "bravesoftware",
    "microsoft-edge",
    "edge",
    "opera",
    "vivaldi",
    "user data",
    "safari",
];

fn browser_profile(k: Key<'_>) -> bool {
    let name = k.name();
    if matches!(
        name,
        "login data"
            | "login data for account"
            | "key4.db"
            | "key3.db"
            | "logins.json"
            | "cookies.sqlite"
            | "signons.sqlite"
            | "cookies.txt"
    ) || k.ext == "binarycookies"
    {
        return true;
    }
    matches!(name, "cookies" | "web data" | "local state" | "history")
        && k.has_dir_any(BROWSER_DIRS)
}

fn history(k: Key<'_>) -> bool {
    let name = k.name();
    matches!(
        name,
        ".bash_history"
            | ".zsh_history"
            | ".zhistory"
            | ".sh_history"
            | ".ksh_history"
            | ".ash_history"
            | ".history"
            | ".python_history"
            | ".node_repl_history"
            | ".psql_history"
            | ".mysql_history"
            | ".sqlite_history"
            | ".rediscli_history"
            | ".irb_history"
            | ".pry_history"
            | ".lesshst"
            | ".rhistory"
            | ".scala_history"
            | ".php_history"
            | ".dbshell"
            | "fish_history"
            | "consolehost_history.txt"
    )
}

fn secret_manifest(k: Key<'_>) -> bool {
    if !matches!(k.ext, "yaml" | "yml") {
        return false;
    }
    let s = k.stem;
    s.contains("secret")
        && ![
            "sealed",
            "external",
            "scan",
            "example",
            "sample",
            "template",
            "store",
            "provider",
            "detect",
            "secretary",
        ]
        .iter()
        .any(|w| s.contains(w))
}

fn secret_file(k: Key<'_>) -> bool {
    let name = k.name();
    if matches!(
        name,
        "secrets.json"
            | "secret.json"
            | "secrets.toml"
            | "secrets.ini"
            | "secrets.txt"
            | "secrets.env"
            | "credentials"
            | "credentials.json"
            | "credentials.xml"
            | "credentials.toml"
            | "credentials.yml"
            | "credentials.yaml"
            | "credentials.ini"
            | "credentials.txt"
            | ".htpasswd"
            | "htpasswd"
            | ".pgpass"
            | ".my.cnf"
            | ".mylogin.cnf"
            | "master.key"
            | "wp-config.php"
            | "local.settings.json"
            | "token.json"
            | "tokens.json"
            | "passwords.txt"
            | "password.txt"
            | "passwd.txt"
    ) {
        return true;
    }
    if matches!(k.ext, "secret" | "secrets") {
        return true;
    }
    let s = k.stem;
    matches!(s, "apikey" | "api_key" | "api-key" | "apikeys" | "api_keys") && !is_code(k)
}

fn secrets_dir(k: Key<'_>) -> bool {
    const DIRS: &[&str] = &["secrets", ".secrets", "secret", ".secret"];
    let name = k.name();
    (k.has_dir_any(DIRS) && !is_code(k)) || DIRS.contains(&name)
}

/// The credential or key material code, most specific first.
pub(crate) fn secret(k: Key<'_>) -> Option<PathCode> {
    use PathCode as C;
    let name = k.name();
    if name.is_empty() {
        return None;
    }
    // Directories that own their contents: a file inside is that kind of secret or nothing.
    if k.has_dir(".ssh") {
        return ssh_private_key(k).then_some(C::SshPrivateKey);
    }
    if k.has_dir(".gnupg") {
        return pgp_private_key(k).then_some(C::PgpPrivateKey);
    }
    if k.has_dir_any(CLOUD_DIRS) {
        return Some(C::CloudCredentials);
    }
    if k.has_dir(".kube") {
        return kubeconfig(k).then_some(C::Kubeconfig);
    }
    // Credential directories themselves (`tar c ~/.ssh`, `cp -r ~/.aws /tmp`) hold the keys.
    match name {
        ".ssh" => return Some(C::SshPrivateKey),
        ".gnupg" | "private-keys-v1.d" => return Some(C::PgpPrivateKey),
        ".kube" => return Some(C::Kubeconfig),
        ".password-store" => return Some(C::PasswordStore),
        n if CLOUD_DIRS.contains(&n) && n.starts_with('.') => return Some(C::CloudCredentials),
        _ => {}
    }
    let code = if name == ".vault-token" {
        C::VaultToken
    } else if matches!(name, ".netrc" | "_netrc") {
        C::Netrc
    } else if name == ".npmrc" {
        C::Npmrc
    } else if name == ".pypirc" {
        C::Pypirc
    } else if git_credentials(k) {
        C::GitCredentials
    } else if docker_config(k) {
        C::DockerConfig
    } else if kubeconfig(k) {
        C::Kubeconfig
    } else if cloud_credentials(k) {
        C::CloudCredentials
    } else if tool_credentials(k) {
        C::ToolCredentials
    } else if dotenv(k) {
        C::Dotenv
    } else if ssh_private_key(k) {
        C::SshPrivateKey
    } else if pgp_private_key(k) {
        C::PgpPrivateKey
    } else if keystore(k) {
        C::Keystore
    } else if tls_private_key(k) {
        C::TlsPrivateKey
    } else if shadow(k) {
        C::Shadow
    } else if proc_environ(k) {
        C::ProcEnviron
    } else if k.ext == "tfstate" || name.ends_with(".tfstate.backup") {
        C::Tfstate
    } else if password_store(k) {
        C::PasswordStore
    } else if browser_profile(k) {
        C::BrowserProfile
    } else if history(k) {
        C::History
    } else if secret_manifest(k) {
        C::SecretManifest
    } else if secret_file(k) {
        C::SecretFile
    } else if secrets_dir(k) {
        C::SecretsDir
    } else {
        return None;
    };
    Some(code)
}

const SHELL_STARTUP: &[&str] = &[
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".profile",
    ".zshrc",
    ".zprofile",
    ".zshenv",
    ".zlogin",
    ".zlogout",
    ".cshrc",
    ".tcshrc",
    ".kshrc",
    ".mkshrc",
    ".login",
    ".logout",
    ".xprofile",
    ".xinitrc",
    ".xsession",
    ".envrc",
    "config.fish",
    "sitecustomize.py",
    "usercustomize.py",
    "microsoft.powershell_profile.ps1",
];

fn shell_startup(k: Key<'_>) -> bool {
    let name = k.name();
    SHELL_STARTUP.contains(&name)
        || (k.has_dir("fish") && k.has_dir("conf.d"))
        || (k.ext == "pth" && k.has_dir("site-packages"))
        || (name == "profile.ps1" && k.has_dir_any(&["windowspowershell", "powershell"]))
        || k.rooted(&["etc", "profile"])
        || k.rooted(&["etc", "profile.d"])
        || k.rooted(&["etc", "bash.bashrc"])
        || k.rooted(&["etc", "bashrc"])
        || k.rooted(&["etc", "zshrc"])
        || k.rooted(&["etc", "zshenv"])
        || k.rooted(&["etc", "zprofile"])
        || k.rooted(&["etc", "zsh"])
        || k.rooted(&["etc", "environment"])
        || k.rooted(&["etc", "csh.cshrc"])
        || k.rooted(&["etc", "csh.login"])
        || k.rooted(&["etc", "ld.so.preload"])
}

fn crontab(k: Key<'_>) -> bool {
    (k.anchor == Anchor::Root
        && k.segs.first() == Some(&"etc")
        && k.segs
            .get(1)
            .is_some_and(|s| s.starts_with("cron") || *s == "anacrontab"))
        || k.rooted(&["var", "spool", "cron"])
        || k.rooted(&["var", "spool", "at"])
        || k.rooted(&["usr", "lib", "cron", "tabs"])
}

fn service_autostart(k: Key<'_>) -> bool {
    k.rooted(&["etc", "systemd"])
        || k.rooted(&["etc", "init.d"])
        || k.rooted(&["etc", "init"])
        || k.rooted(&["etc", "rc.local"])
        || k.rooted(&["etc", "rc.d"])
        || k.rooted(&["etc", "xdg", "autostart"])
        || k.rooted(&["usr", "lib", "systemd"])
        || k.rooted(&["lib", "systemd"])
        || (k.has_pair(".config", "systemd"))
        || (k.has_pair(".config", "autostart"))
        || k.has_dir_any(&["launchagents", "launchdaemons"])
        || matches!(k.name(), "launchagents" | "launchdaemons")
        || (k.has_dir("start menu") && k.has_dir("startup"))
}

fn sudoers(k: Key<'_>) -> bool {
    k.rooted(&["etc", "sudoers"])
        || k.rooted(&["etc", "sudoers.d"])
        || k.rooted(&["etc", "doas.conf"])
        || k.rooted(&["usr", "local", "etc", "sudoers"])
        || k.rooted(&["usr", "local", "etc", "sudoers.d"])
        || k.rooted(&["usr", "local", "etc", "doas.conf"])
}

fn git_hooks(k: Key<'_>) -> bool {
    k.has_pair(".git", "hooks") || (k.has_dir(".husky") && !k.has_dir("_"))
}

fn git_config(k: Key<'_>) -> bool {
    let name = k.name();
    (k.parent() == ".git" && name == "config")
        || name == ".gitconfig"
        || (k.parent() == "git" && k.has_dir(".config") && name == "config")
        || (k.has_dir(".git") && k.has_dir("modules") && name == "config")
}

const SYSTEM_ROOT_DIRS: &[&str] = &[
    "etc", "usr", "bin", "sbin", "boot", "lib", "lib32", "lib64", "libx32", "sys", "proc", "dev",
    "system", "library",
];

/// `/dev` entries that are harmless to write.
const DEV_OK: &[&str] = &[
    "null", "zero", "stdout", "stderr", "stdin", "tty", "full", "random", "urandom", "fd", "shm",
    "pts", "tcp", "udp",
];

fn system_write(k: Key<'_>) -> bool {
    match k.anchor {
        Anchor::Root => match k.segs {
            [] => true,
            ["dev", rest @ ..] => !rest.first().is_some_and(|d| DEV_OK.contains(d)),
            ["proc", _, "fd", ..] => false,
            ["var", d, ..] => matches!(*d, "log" | "lib" | "spool" | "db" | "mail" | "backups"),
            ["home" | "users"] => true,
            [first, ..] => SYSTEM_ROOT_DIRS.contains(first),
        },
        Anchor::Drive(_) => match k.segs {
            [] => true,
            [first, ..] => matches!(*first, "windows" | "program files" | "program files (x86)"),
        },
        Anchor::Home | Anchor::Relative => false,
    }
}

/// The security-critical write target code, most specific first.
pub(crate) fn critical(k: Key<'_>) -> Option<PathCode> {
    use PathCode as C;
    let name = k.name();
    let code = if sudoers(k) {
        C::Sudoers
    } else if matches!(name, "authorized_keys" | "authorized_keys2") {
        C::AuthorizedKeys
    } else if k.parent() == ".ssh" && matches!(name, "config" | "rc" | "environment") {
        C::SshConfig
    } else if shell_startup(k) {
        C::ShellStartup
    } else if crontab(k) {
        C::Crontab
    } else if service_autostart(k) {
        C::ServiceAutostart
    } else if git_hooks(k) {
        C::GitHooks
    } else if git_config(k) {
        C::GitConfig
    } else if system_write(k) {
        C::SystemWrite
    } else if k.anchor == Anchor::Home && k.segs.is_empty() {
        C::HomeDirectory
    } else {
        return None;
    };
    Some(code)
}

fn ci_config(k: Key<'_>) -> bool {
    let name = k.name();
    k.has_pair(".github", "workflows")
        || k.has_pair(".github", "actions")
        || k.has_pair(".gitlab", "ci")
        || k.has_dir_any(&[
            ".circleci",
            ".buildkite",
            ".woodpecker",
            ".tekton",
            ".drone",
        ])
        || name.starts_with("jenkinsfile")
        || matches!(
            name,
            ".gitlab-ci.yml"
                | ".gitlab-ci.yaml"
                | ".travis.yml"
                | "azure-pipelines.yml"
                | "azure-pipelines.yaml"
                | "bitbucket-pipelines.yml"
                | ".drone.yml"
                | "appveyor.yml"
                | ".appveyor.yml"
                | "cloudbuild.yaml"
                | "cloudbuild.yml"
                | "buildspec.yml"
                | "codefresh.yml"
                | ".woodpecker.yml"
                | "codeowners"
                | ".pre-commit-config.yaml"
        )
}

fn infra_config(k: Key<'_>) -> bool {
    let name = k.name();
    let e = k.ext;
    if matches!(e, "tf" | "tfvars" | "hcl" | "bicep") || name.ends_with(".tf.json") {
        return true;
    }
    if matches!(
        name,
        "chart.yaml"
            | "kustomization.yaml"
            | "kustomization.yml"
            | "helmfile.yaml"
            | "skaffold.yaml"
            | "serverless.yml"
            | "serverless.yaml"
            | "pulumi.yaml"
            | "pulumi.yml"
            | "cdk.json"
    ) {
        return true;
    }
    let yaml = matches!(e, "yaml" | "yml");
    yaml && (name.starts_with("pulumi.")
        || k.has_dir_any(&[
            "k8s",
            "kubernetes",
            "manifests",
            "helm",
            "charts",
            "kustomize",
        ]))
}

fn db_migration(k: Key<'_>) -> bool {
    const DIRS: &[&str] = &["migrations", "migration", "alembic", "flyway", "liquibase"];
    k.has_dir_any(DIRS) || DIRS.contains(&k.name()) || k.has_pair("db", "migrate")
}

/// The review-worthy code (CI, infrastructure, migrations).
pub(crate) fn review(k: Key<'_>) -> Option<PathCode> {
    if k.name().is_empty() {
        None
    } else if ci_config(k) {
        Some(PathCode::CiConfig)
    } else if infra_config(k) {
        Some(PathCode::InfraConfig)
    } else if db_migration(k) {
        Some(PathCode::DbMigration)
    } else {
        None
    }
}

/// Backups and dumps (reported for deletes only).
pub(crate) fn backup(k: Key<'_>) -> bool {
    const DIRS: &[&str] = &["backup", "backups", ".backup", ".backups"];
    let name = k.name();
    if name.is_empty() {
        return false;
    }
    matches!(k.ext, "bak" | "backup" | "bkp" | "dump")
        || [
            ".sql.gz", ".sql.bz2", ".sql.xz", ".sql.zst", ".sql.zip", ".dump.gz",
        ]
        .iter()
        .any(|s| name.ends_with(s))
        || k.has_dir_any(DIRS)
        || DIRS.contains(&name)
        || (k.stem.contains("backup") && !is_code(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_codes(anchor: Anchor, path: &str) -> Vec<&'static str> {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        codes(Key::new(anchor, &segs))
            .iter()
            .map(PathCode::as_str)
            .collect()
    }

    #[test]
    fn dotenv_names() {
        for yes in [
            ".env",
            ".env.local",
            ".env.production",
            "prod.env",
            ".envrc",
            ".env-prod",
        ] {
            assert!(dotenv(Key::new(Anchor::Relative, &[yes])), "{yes}");
        }
        for no in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            ".env.local.example",
            "example.env",
            "env.rs",
            "envoy.yaml",
            "environment.ts",
            ".env.",
            "env",
        ] {
            assert!(!dotenv(Key::new(Anchor::Relative, &[no])), "{no}");
        }
    }

    #[test]
    fn system_and_home() {
        assert_eq!(key_codes(Anchor::Root, "etc/passwd"), ["path.system_write"]);
        assert_eq!(key_codes(Anchor::Root, "dev/null"), Vec::<&str>::new());
        assert_eq!(key_codes(Anchor::Root, "dev/sda"), ["path.system_write"]);
        assert_eq!(key_codes(Anchor::Home, ""), ["path.home_directory"]);
        assert_eq!(
            key_codes(Anchor::Root, "dev/tcp/10.0.0.1/80"),
            ["path.network_device"]
        );
        assert_eq!(
            key_codes(Anchor::Relative, "etc/passwd"),
            Vec::<&str>::new()
        );
    }
}
