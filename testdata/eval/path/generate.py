#!/usr/bin/env python3
"""Writes the path evaluation set (sensitive.jsonl, evasive.jsonl, benign.jsonl).

Every expectation below is written by hand; the evasive variants re-spell a hand-labelled
base path in ways the kernel, a shell or Windows would resolve to the same file, so they keep
the base label. Run from this directory: `python3 generate.py`. See SOURCES.md.
"""
import json

# (path, access, codes, source)
SENSITIVE = [
    # dotenv
    (".env", "read", ["path.dotenv"], "own"),
    (".env.local", "read", ["path.dotenv"], "own"),
    (".env.production", "read", ["path.dotenv"], "own"),
    (".env.development.local", "read", ["path.dotenv"], "own"),
    ("config/.env.prod", "read", ["path.dotenv"], "own"),
    ("app/prod.env", "read", ["path.dotenv"], "own"),
    ("docker/.env.staging", "read", ["path.dotenv"], "own"),
    (".envrc", "read", ["path.dotenv"], "own"),
    ("backend/.env.test", "read", ["path.dotenv"], "own"),
    ("/srv/app/.env", "read", ["path.dotenv"], "own"),
    ("~/project/.env", "read", ["path.dotenv"], "own"),
    (".env.keys", "read", ["path.dotenv"], "dotenvx docs"),
    (".dev.vars", "read", ["path.dotenv"], "cloudflare wrangler docs"),
    ("web/.env-production", "read", ["path.dotenv"], "own"),
    ("deploy/production.env", "read", ["path.dotenv"], "own"),
    ("testdata/archives/files/.env.prod", "read", ["path.dotenv"], "repo:gitleaks/gitleaks"),
    (".env", "upload", ["path.dotenv"], "own"),
    # ssh
    ("~/.ssh/id_rsa", "read", ["path.ssh_private_key"], "ATT&CK T1552.004"),
    ("~/.ssh/id_ed25519", "read", ["path.ssh_private_key"], "ATT&CK T1552.004"),
    ("~/.ssh/id_ecdsa", "read", ["path.ssh_private_key"], "ATT&CK T1552.004"),
    ("~/.ssh/id_dsa", "read", ["path.ssh_private_key"], "ATT&CK T1552.004"),
    ("~/.ssh/id_ed25519_sk", "read", ["path.ssh_private_key"], "OpenSSH ssh-keygen(1)"),
    ("~/.ssh/github_deploy", "read", ["path.ssh_private_key"], "own"),
    ("~/.ssh/work.pem", "read", ["path.ssh_private_key"], "own"),
    ("~/.ssh/aws-prod.key", "read", ["path.ssh_private_key"], "own"),
    ("~/.ssh/identity", "read", ["path.ssh_private_key"], "OpenSSH ssh(1)"),
    ("/etc/ssh/ssh_host_rsa_key", "read", ["path.ssh_private_key"], "OpenSSH sshd(8)"),
    ("/etc/ssh/ssh_host_ed25519_key", "read", ["path.ssh_private_key"], "OpenSSH sshd(8)"),
    ("backup/id_rsa", "read", ["path.ssh_private_key"], "own"),
    ("~/.ssh", "upload", ["path.ssh_private_key"], "own (whole key directory)"),
    ("~/.gnupg", "read", ["path.pgp_private_key"], "own (whole key directory)"),
    ("keys/server.ppk", "read", ["path.ssh_private_key"], "PuTTY docs"),
    ("~/.ssh/id_rsa", "upload", ["path.ssh_private_key"], "own"),
    # tls
    ("/etc/ssl/private/server.key", "read", ["path.tls_private_key"], "Debian ssl-cert"),
    ("certs/server.key", "read", ["path.tls_private_key"], "own"),
    ("/etc/letsencrypt/live/example.com/privkey.pem", "read", ["path.tls_private_key"], "certbot docs"),
    ("tls/tls.key", "read", ["path.tls_private_key"], "own"),
    ("nginx/ssl/private.pem", "read", ["path.tls_private_key"], "own"),
    ("config/jwt/private.pem", "read", ["path.tls_private_key"], "LexikJWT docs"),
    ("keys/signing-key.pem", "read", ["path.tls_private_key"], "own"),
    ("AuthKey_ABC123DEFG.p8", "read", ["path.tls_private_key"], "Apple APNs docs"),
    ("my-ec2-keypair.pem", "read", ["path.tls_private_key"], "AWS EC2 key pairs"),
    ("/etc/pki/tls/private/localhost.key", "read", ["path.tls_private_key"], "RHEL mod_ssl"),
    ("private_key.txt", "read", ["path.tls_private_key"], "own"),
    # pgp
    ("~/.gnupg/private-keys-v1.d/0A1B2C3D4E5F.key", "read", ["path.pgp_private_key"], "GnuPG docs"),
    ("~/.gnupg/secring.gpg", "read", ["path.pgp_private_key"], "GnuPG docs"),
    ("keys/secret-key.asc", "read", ["path.pgp_private_key"], "own"),
    ("release-private.asc", "read", ["path.pgp_private_key"], "own"),
    # keystores
    ("android/app/release.keystore", "read", ["path.keystore"], "Android signing docs"),
    ("app/upload-keystore.jks", "read", ["path.keystore"], "Flutter deployment docs"),
    ("certs/client.p12", "read", ["path.keystore"], "gitleaks rule pkcs12-file"),
    ("cert.pfx", "read", ["path.keystore"], "gitleaks rule pkcs12-file"),
    ("android/key.properties", "read", ["path.keystore"], "Flutter deployment docs"),
    ("keystore.properties", "read", ["path.keystore"], "Android signing docs"),
    ("conf/server.jceks", "read", ["path.keystore"], "own"),
    # cloud
    ("~/.aws/credentials", "read", ["path.cloud_credentials"], "AWS CLI docs"),
    ("~/.aws/config", "read", ["path.cloud_credentials"], "AWS CLI docs"),
    ("~/.aws/sso/cache/0123abcd.json", "read", ["path.cloud_credentials"], "AWS CLI docs"),
    ("~/.config/gcloud/application_default_credentials.json", "read", ["path.cloud_credentials"], "gcloud docs"),
    ("~/.config/gcloud/credentials.db", "read", ["path.cloud_credentials"], "gcloud docs"),
    ("~/.config/gcloud/access_tokens.db", "read", ["path.cloud_credentials"], "gcloud docs"),
    ("~/.config/gcloud/legacy_credentials/me@example.com/adc.json", "read", ["path.cloud_credentials"], "gcloud docs"),
    ("gcp-service-account.json", "read", ["path.cloud_credentials"], "own"),
    ("service-account-key.json", "read", ["path.cloud_credentials"], "own"),
    ("client_secret_1234.apps.googleusercontent.com.json", "read", ["path.cloud_credentials"], "Google OAuth docs"),
    ("~/.azure/accessTokens.json", "read", ["path.cloud_credentials"], "Azure CLI docs"),
    ("~/.azure/msal_token_cache.json", "read", ["path.cloud_credentials"], "Azure CLI docs"),
    ("~/.oci/config", "read", ["path.cloud_credentials"], "OCI CLI docs"),
    ("~/.oci/oci_api_key.pem", "read", ["path.cloud_credentials"], "OCI CLI docs"),
    ("~/.s3cfg", "read", ["path.cloud_credentials"], "s3cmd docs"),
    ("~/.boto", "read", ["path.cloud_credentials"], "boto docs"),
    ("~/.databrickscfg", "read", ["path.cloud_credentials"], "Databricks CLI docs"),
    ("~/.config/rclone/rclone.conf", "read", ["path.cloud_credentials"], "rclone docs"),
    ("~/.config/doctl/config.yaml", "read", ["path.cloud_credentials"], "doctl docs"),
    ("~/.config/openstack/clouds.yaml", "read", ["path.cloud_credentials"], "OpenStack SDK docs"),
    ("~/.cloudflared/cert.pem", "read", ["path.cloud_credentials"], "cloudflared docs"),
    ("~/.aws/credentials", "upload", ["path.cloud_credentials"], "own"),
    ("~/.aws", "upload", ["path.cloud_credentials"], "own (whole credential directory)"),
    # kube
    ("~/.kube/config", "read", ["path.kubeconfig"], "kubectl docs"),
    ("~/.kube/prod-cluster.yaml", "read", ["path.kubeconfig"], "own"),
    ("kubeconfig", "read", ["path.kubeconfig"], "own"),
    ("kubeconfig-prod.yaml", "read", ["path.kubeconfig"], "own"),
    ("/etc/kubernetes/admin.conf", "read", ["path.kubeconfig"], "kubeadm docs"),
    ("/etc/rancher/k3s/k3s.yaml", "read", ["path.kubeconfig"], "k3s docs"),
    ("/etc/kubernetes/kubelet.conf", "read", ["path.kubeconfig"], "kubeadm docs"),
    # netrc, npmrc, pypirc, git, tools, docker
    ("~/.netrc", "read", ["path.netrc"], "curl docs"),
    ("~/_netrc", "read", ["path.netrc"], "curl docs (Windows)"),
    ("~/.npmrc", "read", ["path.npmrc"], "npm docs"),
    ("frontend/.npmrc", "read", ["path.npmrc"], "npm docs"),
    ("~/.pypirc", "read", ["path.pypirc"], "PyPA docs"),
    ("~/.git-credentials", "read", ["path.git_credentials"], "git-credential-store(1)"),
    ("~/.config/git/credentials", "read", ["path.git_credentials"], "git-credential-store(1)"),
    ("~/.config/gh/hosts.yml", "read", ["path.git_credentials"], "GitHub CLI docs"),
    ("~/.gitcookies", "read", ["path.git_credentials"], "Gerrit docs"),
    ("~/.cargo/credentials.toml", "read", ["path.tool_credentials"], "Cargo book"),
    ("~/.cargo/credentials", "read", ["path.tool_credentials"], "Cargo book"),
    ("~/.gem/credentials", "read", ["path.tool_credentials"], "RubyGems docs"),
    ("~/.m2/settings.xml", "read", ["path.tool_credentials"], "Maven docs"),
    ("~/.gradle/gradle.properties", "read", ["path.tool_credentials"], "Gradle docs"),
    ("~/.terraformrc", "read", ["path.tool_credentials"], "Terraform docs"),
    ("~/.terraform.d/credentials.tfrc.json", "read", ["path.tool_credentials"], "Terraform docs"),
    ("~/.composer/auth.json", "read", ["path.tool_credentials"], "Composer docs"),
    ("~/.pulumi/credentials.json", "read", ["path.tool_credentials"], "Pulumi docs"),
    ("~/.docker/config.json", "read", ["path.docker_config"], "Docker docs"),
    ("~/.dockercfg", "read", ["path.docker_config"], "Docker docs (legacy)"),
    # system secrets
    ("/etc/shadow", "read", ["path.shadow"], "CIS benchmark 6.1"),
    ("/etc/gshadow", "read", ["path.shadow"], "CIS benchmark 6.1"),
    ("/etc/master.passwd", "read", ["path.shadow"], "FreeBSD passwd(5)"),
    ("/etc/shadow-", "read", ["path.shadow"], "CIS benchmark 6.1"),
    ("/etc/security/opasswd", "read", ["path.shadow"], "pam_pwhistory(8)"),
    ("C:\\Windows\\System32\\config\\SAM", "read", ["path.shadow"], "ATT&CK T1003.002"),
    ("terraform.tfstate", "read", ["path.tfstate"], "Terraform docs (sensitive state)"),
    ("infra/terraform.tfstate.backup", "read", ["path.tfstate"], "Terraform docs"),
    (".terraform/terraform.tfstate", "read", ["path.tfstate"], "Terraform docs"),
    ("envs/prod/default.tfstate", "read", ["path.tfstate"], "own"),
    ("k8s/db-secret.yaml", "read", ["path.secret_manifest"], "own"),
    ("deploy/secrets.yaml", "read", ["path.secret_manifest"], "helm-secrets docs"),
    ("helm/values-secrets.yaml", "read", ["path.secret_manifest"], "own"),
    ("manifests/app-secret.yml", "read", ["path.secret_manifest"], "own"),
    ("config/secrets.json", "read", ["path.secret_file"], "own"),
    ("credentials.json", "read", ["path.secret_file"], "Google API quickstarts"),
    (".htpasswd", "read", ["path.secret_file"], "Apache docs"),
    ("~/.pgpass", "read", ["path.secret_file"], "PostgreSQL docs"),
    ("~/.my.cnf", "read", ["path.secret_file"], "MySQL docs"),
    ("config/master.key", "read", ["path.secret_file"], "Rails credentials docs"),
    ("wp-config.php", "read", ["path.secret_file"], "WordPress docs"),
    ("token.json", "read", ["path.secret_file"], "Google API quickstarts"),
    ("local.settings.json", "read", ["path.secret_file"], "Azure Functions docs"),
    ("db.secret", "read", ["path.secret_file"], "own"),
    ("/proc/self/environ", "read", ["path.proc_environ"], "proc(5)"),
    ("/proc/1/environ", "read", ["path.proc_environ"], "proc(5)"),
    ("/proc/1234/task/1234/environ", "read", ["path.proc_environ"], "proc(5)"),
    ("~/.vault-token", "read", ["path.vault_token"], "Vault docs"),
    ("~/.password-store/email/gmail.gpg", "read", ["path.password_store"], "pass(1)"),
    ("Passwords.kdbx", "read", ["path.password_store"], "KeePass docs"),
    ("~/Library/Keychains/login.keychain-db", "read", ["path.password_store"], "ATT&CK T1555.001"),
    ("~/.local/share/keyrings/login.keyring", "read", ["path.password_store"], "GNOME Keyring"),
    ("~/.config/google-chrome/Default/Login Data", "read", ["path.browser_profile"], "ATT&CK T1555.003"),
    ("~/.config/google-chrome/Default/Cookies", "read", ["path.browser_profile"], "ATT&CK T1539"),
    ("~/.mozilla/firefox/abcd.default-release/key4.db", "read", ["path.browser_profile"], "ATT&CK T1555.003"),
    ("~/.mozilla/firefox/abcd.default-release/logins.json", "read", ["path.browser_profile"], "ATT&CK T1555.003"),
    ("~/.mozilla/firefox/abcd.default-release/cookies.sqlite", "read", ["path.browser_profile"], "ATT&CK T1539"),
    ("~/Library/Application Support/Google/Chrome/Default/Login Data", "read", ["path.browser_profile"], "ATT&CK T1555.003"),
    ("C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cookies", "read", ["path.browser_profile"], "ATT&CK T1539"),
    ("cookies.txt", "read", ["path.browser_profile"], "curl cookie jar"),
    ("~/.bash_history", "read", ["path.history"], "ATT&CK T1552.003"),
    ("~/.zsh_history", "read", ["path.history"], "ATT&CK T1552.003"),
    ("~/.python_history", "read", ["path.history"], "own"),
    ("~/.psql_history", "read", ["path.history"], "PostgreSQL docs"),
    ("~/.mysql_history", "read", ["path.history"], "MySQL docs"),
    ("~/.node_repl_history", "read", ["path.history"], "Node.js docs"),
    ("~/.local/share/fish/fish_history", "read", ["path.history"], "fish docs"),
    ("~/.lesshst", "read", ["path.history"], "less(1)"),
    ("C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt", "read", ["path.history"], "ATT&CK T1552.003"),
    ("~/.bash_history", "delete", ["path.history"], "ATT&CK T1070.003"),
    ("secrets/db_password.txt", "read", ["path.secrets_dir"], "Docker secrets docs"),
    ("/run/secrets/postgres_password", "read", ["path.secrets_dir"], "Docker secrets docs"),
    ("/var/run/secrets/kubernetes.io/serviceaccount/token", "read", ["path.secrets_dir"], "Kubernetes docs"),
    (".secrets/api.json", "read", ["path.secrets_dir"], "own"),
    ("config/secrets/prod.yml", "read", ["path.secrets_dir"], "own"),
    # critical writes
    ("/etc/hosts", "write", ["path.system_write"], "own"),
    ("/etc/passwd", "write", ["path.system_write"], "ATT&CK T1136.001"),
    ("/etc/ssh/sshd_config", "write", ["path.system_write"], "own"),
    ("/usr/bin/python3", "write", ["path.system_write"], "own"),
    ("/usr/local/bin/kubectl", "write", ["path.system_write"], "own"),
    ("/bin/sh", "delete", ["path.system_write"], "own"),
    ("/sbin/init", "write", ["path.system_write"], "own"),
    ("/boot/grub/grub.cfg", "write", ["path.system_write"], "own"),
    ("/lib/x86_64-linux-gnu/libc.so.6", "write", ["path.system_write"], "own"),
    ("/sys/kernel/mm/transparent_hugepage/enabled", "write", ["path.system_write"], "own"),
    ("/proc/sys/kernel/core_pattern", "write", ["path.system_write"], "own"),
    ("/dev/sda", "write", ["path.system_write"], "own"),
    ("/etc/resolv.conf", "write", ["path.system_write"], "own"),
    ("/var/log/auth.log", "delete", ["path.system_write"], "ATT&CK T1070.002"),
    ("C:\\Windows\\System32\\drivers\\etc\\hosts", "write", ["path.system_write"], "own"),
    ("/Library/Preferences/com.apple.loginwindow.plist", "write", ["path.system_write"], "own"),
    ("/", "delete", ["path.system_write"], "own"),
    ("/etc", "delete", ["path.system_write"], "own"),
    ("~", "delete", ["path.home_directory"], "own"),
    ("/etc/ld.so.preload", "write", ["path.shell_startup"], "ATT&CK T1574.006"),
    ("/etc/sudoers", "write", ["path.sudoers"], "ATT&CK T1548.003"),
    ("/etc/sudoers.d/90-agent", "write", ["path.sudoers"], "ATT&CK T1548.003"),
    ("/etc/doas.conf", "write", ["path.sudoers"], "doas.conf(5)"),
    ("~/.ssh/authorized_keys", "write", ["path.authorized_keys"], "ATT&CK T1098.004"),
    ("/root/.ssh/authorized_keys", "write", ["path.authorized_keys"], "ATT&CK T1098.004"),
    ("/home/deploy/.ssh/authorized_keys2", "write", ["path.authorized_keys"], "ATT&CK T1098.004"),
    ("~/.ssh/config", "write", ["path.ssh_config"], "ssh_config(5) ProxyCommand"),
    ("~/.ssh/rc", "write", ["path.ssh_config"], "sshd(8) SSHRC"),
    ("~/.bashrc", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("~/.zshrc", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("~/.profile", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("~/.bash_profile", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("~/.zprofile", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("~/.zshenv", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("/etc/profile", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("/etc/profile.d/agent.sh", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("/etc/bash.bashrc", "write", ["path.shell_startup"], "ATT&CK T1546.004"),
    ("~/.config/fish/config.fish", "write", ["path.shell_startup"], "fish docs"),
    ("~/.local/lib/python3.11/site-packages/sitecustomize.py", "write", ["path.shell_startup"], "Python site docs"),
    ("~/Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1", "write", ["path.shell_startup"], "ATT&CK T1546.013"),
    ("/etc/crontab", "write", ["path.crontab"], "ATT&CK T1053.003"),
    ("/etc/cron.d/backdoor", "write", ["path.crontab"], "ATT&CK T1053.003"),
    ("/etc/cron.daily/logrotate", "write", ["path.crontab"], "ATT&CK T1053.003"),
    ("/var/spool/cron/crontabs/root", "write", ["path.crontab"], "ATT&CK T1053.003"),
    ("/var/spool/cron/root", "write", ["path.crontab"], "ATT&CK T1053.003"),
    ("/etc/systemd/system/agent.service", "write", ["path.service_autostart"], "ATT&CK T1543.002"),
    ("~/.config/systemd/user/sync.service", "write", ["path.service_autostart"], "ATT&CK T1543.002"),
    ("~/Library/LaunchAgents/com.example.agent.plist", "write", ["path.service_autostart"], "ATT&CK T1543.001"),
    ("/Library/LaunchDaemons/com.example.d.plist", "write", ["path.service_autostart"], "ATT&CK T1543.004"),
    ("/etc/init.d/agent", "write", ["path.service_autostart"], "ATT&CK T1037"),
    ("/etc/rc.local", "write", ["path.service_autostart"], "ATT&CK T1037.004"),
    ("~/.config/autostart/agent.desktop", "write", ["path.service_autostart"], "ATT&CK T1547.013"),
    ("C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\run.bat", "write", ["path.service_autostart"], "ATT&CK T1547.001"),
    (".git/hooks/pre-commit", "write", ["path.git_hooks"], "githooks(5)"),
    (".git/hooks/post-checkout", "write", ["path.git_hooks"], "githooks(5)"),
    ("repo/.git/hooks/pre-push", "write", ["path.git_hooks"], "githooks(5)"),
    (".husky/pre-commit", "write", ["path.git_hooks"], "husky docs"),
    (".git/config", "write", ["path.git_config"], "git-config(1) core.fsmonitor"),
    ("~/.gitconfig", "write", ["path.git_config"], "git-config(1)"),
    ("~/.config/git/config", "write", ["path.git_config"], "git-config(1)"),
    (".github/workflows/ci.yml", "write", ["path.ci_config"], "GitHub Actions docs"),
    (".github/workflows/release.yaml", "write", ["path.ci_config"], "GitHub Actions docs"),
    (".gitlab-ci.yml", "write", ["path.ci_config"], "GitLab CI docs"),
    ("Jenkinsfile", "write", ["path.ci_config"], "Jenkins docs"),
    (".circleci/config.yml", "write", ["path.ci_config"], "CircleCI docs"),
    (".github/CODEOWNERS", "write", ["path.ci_config"], "GitHub docs"),
    ("azure-pipelines.yml", "write", ["path.ci_config"], "Azure Pipelines docs"),
    (".github/actions/setup/action.yml", "write", ["path.ci_config"], "GitHub Actions docs"),
    ("bitbucket-pipelines.yml", "delete", ["path.ci_config"], "Bitbucket docs"),
    ("main.tf", "write", ["path.infra_config"], "Terraform docs"),
    ("infra/modules/vpc/variables.tf", "write", ["path.infra_config"], "Terraform docs"),
    ("prod.tfvars", "write", ["path.infra_config"], "Terraform docs"),
    ("charts/app/templates/deployment.yaml", "write", ["path.infra_config"], "Helm docs"),
    ("charts/app/Chart.yaml", "write", ["path.infra_config"], "Helm docs"),
    ("k8s/deployment.yaml", "write", ["path.infra_config"], "own"),
    ("kustomization.yaml", "write", ["path.infra_config"], "Kustomize docs"),
    ("terragrunt.hcl", "write", ["path.infra_config"], "Terragrunt docs"),
    ("Pulumi.prod.yaml", "write", ["path.infra_config"], "Pulumi docs"),
    ("db/migrate/20240101120000_add_users.rb", "write", ["path.db_migration"], "Rails guides"),
    ("migrations/0001_initial.py", "write", ["path.db_migration"], "Django docs"),
    ("alembic/versions/abc123_add_column.py", "write", ["path.db_migration"], "Alembic docs"),
    ("src/main/resources/db/migration/V1__init.sql", "write", ["path.db_migration"], "Flyway docs"),
    ("backups/db-2024-01-01.sql.gz", "delete", ["path.backup_delete"], "own"),
    ("db.dump", "delete", ["path.backup_delete"], "pg_dump docs"),
    ("data.bak", "delete", ["path.backup_delete"], "own"),
    ("/var/backups/passwd.bak", "delete", ["path.system_write", "path.backup_delete"], "Debian /var/backups"),
    ("dump.sql.gz", "delete", ["path.backup_delete"], "own"),
    ("backup/site.tar.gz", "delete", ["path.backup_delete"], "own"),
    ("/dev/tcp/203.0.113.7/4444", "write", ["path.network_device"], "bash(1) REDIRECTION"),
]

# Evasive spellings of base paths: (spelling, base path, access, source). The label is the
# base path's label; extra codes the spelling adds are listed in EXTRA.
def home(p, prefix):
    return prefix + p[1:] if p.startswith("~") else p

EVASIVE = []
def ev(spelling, codes, access="read", src="own (evasive)"):
    EVASIVE.append((spelling, access, codes, src))

HOME_SECRETS = [
    ("~/.ssh/id_rsa", "path.ssh_private_key"),
    ("~/.ssh/id_ed25519", "path.ssh_private_key"),
    ("~/.aws/credentials", "path.cloud_credentials"),
    ("~/.kube/config", "path.kubeconfig"),
    ("~/.netrc", "path.netrc"),
    ("~/.docker/config.json", "path.docker_config"),
    ("~/.git-credentials", "path.git_credentials"),
    ("~/.vault-token", "path.vault_token"),
    ("~/.bash_history", "path.history"),
    ("~/.config/gcloud/application_default_credentials.json", "path.cloud_credentials"),
    ("~/.pypirc", "path.pypirc"),
    ("~/.npmrc", "path.npmrc"),
]
for p, c in HOME_SECRETS:
    ev(home(p, "~alice"), [c])
    ev(home(p, "$HOME"), [c])
    ev(home(p, "${HOME}"), [c])
    ev(home(p, "/home/ubuntu"), [c])
    ev(home(p, "/Users/alice"), [c])
    ev(home(p, "/root"), [c])
    ev("C:\\Users\\bob" + p[1:].replace("/", "\\"), [c])
    ev("%USERPROFILE%" + p[1:].replace("/", "\\"), [c])
    ev("/proc/self/root" + home(p, "/root"), [c])
    ev("file://" + home(p, "/home/ubuntu"), [c])
    ev(home(p, "~/Downloads/../"), [c])
    ev(home(p, "/home/ubuntu/").replace("/.", "//."), [c])
    ev(p.upper(), [c])

REL = [(".env", "path.dotenv"), (".env.production", "path.dotenv"), ("terraform.tfstate", "path.tfstate"),
       ("credentials.json", "path.secret_file"), ("id_rsa", "path.ssh_private_key")]
for p, c in REL:
    ev("./a/../" + p, [c])
    ev(".//" + p, [c])
    ev("subdir/../../" + p, [c, "path.parent_escape"])
    ev("src/./lib/../../" + p, [c])
    ev(p.upper(), [c])
    ev(p + ".", [c])
    ev(p + "::$DATA", [c])
    ev(p + "\x00.txt", [c, "path.nul_byte"])
    ev("file:///srv/app/" + p.replace(".", "%2e", 1), [c])
    ev("\\\\?\\C:\\app\\" + p, [c])

for p, c in [("/etc/shadow", "path.shadow"), ("/proc/self/environ", "path.proc_environ"),
             ("/etc/gshadow", "path.shadow"), ("/run/secrets/db", "path.secrets_dir")]:
    ev("/proc/self/root" + p, [c])
    ev("/proc/1/root" + p, [c])
    ev("file://" + p, [c])
    ev("file://localhost" + p, [c])
    ev("/tmp/../" + p[1:], [c])
    ev("//" + p[1:].replace("/", "///"), [c])
    ev("/private" + p if p.startswith("/etc") else "/./" + p[1:], [c])

GLOBS = [
    (".e*", ["path.dotenv"]), (".env*", ["path.dotenv"]), ("*.env", ["path.dotenv"]),
    ("id_*", ["path.ssh_private_key"]), ("~/.ssh/*", ["path.ssh_private_key"]),
    ("~/.ssh/id_*", ["path.ssh_private_key"]), ("*.pem", ["path.tls_private_key"]),
    ("*.key", ["path.tls_private_key"]), ("*.p12", ["path.keystore"]), ("~/.aws/*", ["path.cloud_credentials"]),
    ("~/.aws/cred*", ["path.cloud_credentials"]), ("/etc/sha*", ["path.shadow"]), ("/etc/*", ["path.shadow"]),
    ("~/.{aws,ssh}/*", ["path.cloud_credentials", "path.ssh_private_key"]), ("*.tfstate", ["path.tfstate"]),
    ("~/.*_history", ["path.history"]), ("~/.kube/*", ["path.kubeconfig"]), ("/proc/*/environ", ["path.proc_environ"]),
    ("**/.env", ["path.dotenv"]), ("~/.n?trc", ["path.netrc"]), ("~/.ssh/id_[re]*", ["path.ssh_private_key"]),
    ("secrets/*", ["path.secrets_dir"]), ("~/.gnupg/private-keys-v1.d/*", ["path.pgp_private_key"]),
]
for g, cs in GLOBS:
    ev(g, cs, src="own (glob)")


BENIGN_REPO = {
    "hashicorp/vault": [
        "builtin/logical/ssh/path_keys.go", "builtin/logical/ssh/secret_ssh_key.go",
        "builtin/logical/ssh/secret_dynamic_key.go", "builtin/logical/ssh/secret_one_time_key.go",
        "builtin/logical/ssh/secret_otp.go", "builtin/logical/ssh/path_creds_create.go",
        "builtin/logical/ssh/path_config_ca.go", "builtin/logical/ssh/scripts/key-install-linux.sh",
        "builtin/logical/ssh/managed_key/common.go", "builtin/logical/ssh/path_config_add_host_key.go",
        "builtin/logical/ssh/path_cleanup_dynamic_host_keys.go", "builtin/logical/ssh/ssh_util.go",
        "builtin/credential/aws/path_config_client.go", "builtin/credential/aws/certificates.go",
        "builtin/credential/aws/path_login.go", "builtin/credential/approle/path_role.go",
        "builtin/credential/aws/path_config_rotate_root.go", "builtin/credential/aws/cli.go",
        "builtin/credential/aws-iam/cli.go", "builtin/credential/aws/path_identity_accesslist.go",
        "builtin/audit/file/backend.go", "builtin/audit/socket/backend.go",
        "builtin/logical/ssh/path_config_ca_test.go", "builtin/logical/ssh/path_issue_sign.go",
        "builtin/logical/ssh/path_sign.go", "builtin/logical/ssh/path_verify.go",
        "builtin/logical/ssh/secret_ssh_cert.go", "builtin/logical/ssh/path_lookup.go",
        "builtin/logical/ssh/linux_install_script.go", "builtin/logical/ssh/communicator.go",
        "builtin/credential/aws-kms/path_config_user.go", "builtin/credential/approle/validation.go",
        "builtin/credential/aws/path_roletag_denylist.go", "builtin/audit/syslog/backend.go",
    ],
    "kubernetes/kubernetes": [
        "pkg/serviceaccount/jwt.go", "pkg/serviceaccount/claims.go", "pkg/serviceaccount/tokengetter.go",
        "pkg/serviceaccount/tokens_controller.go", "pkg/serviceaccount/legacy.go",
        "pkg/serviceaccount/externaljwt/plugin/keycache.go", "pkg/serviceaccount/keyid_test.go",
        "pkg/serviceaccount/externalsigner/v1alpha1/service.proto", "pkg/serviceaccount/OWNERS",
        "pkg/serviceaccount/README.md", "pkg/serviceaccount/openidmetadata.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/loader.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/client_config.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/auth_loaders.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/config.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/api/types.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/api/v1/types.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/merged_client_builder.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/validation.go",
        "staging/src/k8s.io/client-go/tools/clientcmd/overrides.go",
    ],
    "docker/cli": [
        "cli/config/config.go", "cli/config/configfile/file.go", "cli/config/configfile/file_unix.go",
        "cli/config/credentials/credentials.go", "cli/config/credentials/default_store.go",
        "cli/config/credentials/env_store.go", "cli/config/credentials/file_store.go",
        "cli/config/credentials/native_store.go", "cli/config/credentials/oauth_store.go",
        "cli/config/credentials/socket_store.go", "cli/config/types/authconfig.go",
        "cli/config/memorystore/store.go", "cli/config/credentials/internal/oauth/api/api.go",
    ],
    "rust-lang/cargo": [
        "credential/README.md", "credential/cargo-credential/src/secret.rs",
        "credential/cargo-credential/src/lib.rs", "credential/cargo-credential/src/error.rs",
        "credential/cargo-credential/examples/file-provider.rs",
        "credential/cargo-credential-1password/src/main.rs",
        "credential/cargo-credential-gnome-secret/src/libsecret.rs",
        "credential/cargo-credential-libsecret/src/lib.rs",
        "credential/cargo-credential-macos-keychain/src/lib.rs",
        "credential/cargo-credential-wincred/src/lib.rs",
        "credential/cargo-credential-trusted-publish/test_protocol.sh",
        "credential/cargo-credential/Cargo.toml",
    ],
    "aws/aws-cli": [
        "awscli/customizations/configure/configure.py", "awscli/customizations/configure/exportcreds.py",
        "awscli/customizations/configure/get.py", "awscli/customizations/configure/set.py",
        "awscli/customizations/configure/sso.py", "awscli/customizations/configure/writer.py",
        "awscli/customizations/configure/mfalogin.py", "awscli/customizations/configure/listprofiles.py",
        "awscli/customizations/configure/importer.py", "awscli/customizations/configure/rotate.py",
    ],
    "gitleaks/gitleaks": [
        "testdata/config/allow_aws_re.toml", "testdata/config/allow_path.toml",
        "testdata/config/generic.toml", "testdata/config/putty.toml", "testdata/config/simple.toml",
        "testdata/config/base64_encoded.toml", "testdata/config/database.toml",
        "testdata/config/encoded.toml", "testdata/baseline/baseline.json",
        "testdata/archives/files/api.go", "testdata/archives/files/.gitleaksignore",
        "testdata/config/valid/allowlist_global_regex.toml",
    ],
}

BENIGN_OWN = [
    "src/env.rs", "src/envs.rs", "envoy.yaml", "src/environments/environment.ts",
    "src/environments/environment.prod.ts", "docs/tokenizer.md", "keyboard.c", "monkey.key.md",
    ".env.example", ".env.sample", ".env.template", ".env.dist", ".env.local.example",
    "example.env", ".env.schema", "env.d.ts", "src/env.d.ts", "lib/dotenv.js", "dotenv.config.js",
    "~/.ssh/id_rsa.pub", "~/.ssh/id_ed25519.pub", "~/.ssh/known_hosts", "~/.ssh/known_hosts.old",
    "certs/ca.pem", "certs/fullchain.pem", "certs/cert.pem", "/etc/ssl/certs/ca-certificates.crt",
    "/etc/ssl/certs/ISRG_Root_X1.pem", "chain.pem", "public.pem", "server.crt", "ca-bundle.pem",
    "dhparam.pem", "keys/server.pub", "README.md", "Cargo.toml", "Cargo.lock", "package.json",
    "package-lock.json", "tsconfig.json", "src/main.rs", "src/lib.rs", "src/config.rs",
    "src/secrets/mod.rs", "src/secrets/vault.rs", "docs/secrets/index.md", "docs/credentials.md",
    "src/credentials.py", "src/credentials.ts", "app/models/api_key.rb", "src/auth/token.go",
    "src/auth/password_reset.py", "src/keychain.swift", "lib/keystore.dart", "pkg/kubeconfig/loader.go",
    "internal/ssh/keys.go", "scripts/rotate-keys.sh", "config/environment.rb",
    "config/environments/production.rb", "config/credentials.yml.enc", "docker-compose.yml",
    "Dockerfile", ".dockerignore", ".gitignore", ".gitattributes", ".editorconfig", ".prettierrc",
    ".eslintrc.json", ".npmignore", "Makefile", "justfile", "LICENSE", "CHANGELOG.md",
    "tests/test_env.py", "tests/fixtures/config.json", "test/keyboard_test.c",
    "node_modules/dotenv/lib/main.js", "node_modules/.bin/env-cmd", "venv/bin/activate",
    ".venv/lib/python3.11/site-packages/requests/auth.py", "env/bin/python", "environment.yml",
    "conda-env.yaml", "src/components/PasswordInput.tsx", "src/hooks/useAuth.ts", "keymap.json",
    "keys.go", "src/keys.rs", "hotkeys.js", "turkey.key.txt", "docs/ssh.md", "docs/aws.md",
    "infra/README.md", "history.md", "HISTORY.rst", "src/history.ts", "CODE_OF_CONDUCT.md",
    "SECURITY.md", "src/shadow.css", "components/Shadow.vue", "src/cookies.ts", "lib/cookie_jar.rb",
    "secrets.example.yaml", "sealed-secret.yaml", "k8s/external-secret.yaml", "secret-scan.sh",
    "settings.gradle", "gradle/wrapper/gradle-wrapper.properties", "pom.xml", "build.gradle",
    "/tmp/build.log", "/tmp/output.txt", "/var/tmp/cache.bin", "target/debug/app", "dist/index.js",
    "/usr/share/doc/bash/README", "/etc/os-release", "/etc/hostname", "/proc/cpuinfo", "/proc/meminfo",
    "/proc/self/status", "/dev/null", "~/.cache/pip/http/a/b", "~/.local/bin/tool", "~/projects/app/src/main.go",
    "~/Downloads/report.pdf", "~/.config/nvim/init.lua", "~/.vimrc", "~/.tmux.conf",
    "public/favicon.ico", "static/robots.txt", "src/pages/[id].tsx", "src/app/(auth)/login/page.tsx",
    "docs/api/keys.md", "examples/jwt/keygen.py", "testdata/private_key_test.go",
    "crates/portcullis-detect-secrets/src/lib.rs", "src/tls/mod.rs", "src/pem.rs", "pem.go",
    "src/pki/ca.go", "config.yaml", "config/database.yml", "config/settings.py", "settings.json",
    ".vscode/settings.json", ".idea/workspace.xml", "app.config.js", "next.config.js", "vite.config.ts",
    "src/migrations.md", "docs/backup.md", "scripts/backup.sh", "token_test.go", "src/tokenizer.rs",
    "src/password_hasher.rs", "src/ssh_config.rs", "authorized_keys.md", "docs/crontab.md",
    "docs/bashrc.md", ".github/ISSUE_TEMPLATE/bug.md", ".github/dependabot.yml", ".github/FUNDING.yml",
    "src/environment/mod.rs", "packages/env-config/index.ts", "src/utils/envParser.ts",
    "docs/environment-variables.md", "templates/env.j2", ".envrc.example", "sample.env.example",
    "config/keys.example.json", "docs/ssh-keys.md", "scripts/generate_keys.py", "src/crypto/keygen.rs",
    "src/crypto/private_key.rs", "src/crypto/private_key_test.go", "lib/ssh/known_hosts.rb",
    "tests/fixtures/known_hosts", "tests/fixtures/id_rsa.pub", "assets/monkey.png", "assets/key.svg",
    "icons/lock.svg", "src/keyring.py", "docs/kubeconfig.md", "pkg/kube/config.go",
    "charts/README.md", "docs/terraform.md", "src/tfstate_parser.rs", "src/netrc.rs", "netrc.go",
    "src/npmrc.ts", "docs/npmrc.md", "python/pypirc_parser.py", "src/docker_config.rs",
    "src/shadow_dom.js", "lib/environ.py", "src/proc/environ.rs", "src/vault/token.rs",
    "src/password_store.rs", "src/browser/cookies.rs", "src/history/mod.rs", "src/secrets.ts",
]

# Benign writes: normal edits in a project tree.
BENIGN_WRITE = [
    "src/main.rs", "src/lib.rs", "README.md", "tests/it/main.rs", "Cargo.toml", "package.json",
    "src/components/Button.tsx", "docs/index.md", ".gitignore", "/tmp/out.txt", "target/tmp.bin",
    "app/models/user.rb", "lib/utils.py", ".env.example", "config/settings.py", "dist/bundle.js",
    "~/projects/app/src/main.go", "notes.txt", "scripts/build.sh", "Makefile",
]

def main():
    rows = []
    for p, a, cs, src in SENSITIVE:
        rows.append({"path": p, "access": a, "sensitive": True, "codes": cs, "source": src})
    with open("sensitive.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open("evasive.jsonl", "w") as f:
        for p, a, cs, src in EVASIVE:
            f.write(json.dumps({"path": p, "access": a, "sensitive": True, "codes": cs, "source": src}, ensure_ascii=False) + "\n")
    with open("benign.jsonl", "w") as f:
        for repo, paths in BENIGN_REPO.items():
            for p in paths:
                f.write(json.dumps({"path": p, "access": "read", "sensitive": False, "codes": [], "source": "repo:" + repo}) + "\n")
        for p in BENIGN_OWN:
            f.write(json.dumps({"path": p, "access": "read", "sensitive": False, "codes": [], "source": "own (look-alike)"}) + "\n")
        for p in BENIGN_WRITE:
            f.write(json.dumps({"path": p, "access": "write", "sensitive": False, "codes": [], "source": "own (normal edit)"}) + "\n")

if __name__ == "__main__":
    main()
