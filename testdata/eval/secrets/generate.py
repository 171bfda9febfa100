#!/usr/bin/env python3
"""Generates the secret-detection evaluation set (positives.jsonl, negatives.jsonl).

Every token is synthetic: random characters in the documented format of each provider (see
SOURCES.md), with a valid checksum where the format has one (GitHub/npm CRC32, age bech32).
None of them is a live credential. Run from this directory: `python3 generate.py`.
Spans are byte offsets into the UTF-8 text, `end` exclusive, covering the secret value only.
"""
import base64
import json
import random
import string
import uuid
import zlib

R = random.Random(20240601)
ALNUM = string.ascii_letters + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def rnd(alphabet, n):
    while True:
        s = "".join(R.choice(alphabet) for _ in range(n))
        # Re-roll strings that a placeholder filter would rightly skip (runs, words).
        if any(s[i] == s[i + 1] == s[i + 2] == s[i + 3] == s[i + 4] for i in range(len(s) - 4)):
            continue
        low = s.lower()
        if any(w in low for w in ("xxxx", "your", "example", "test", "todo", "dummy", "here", "fake",
                                  "insert", "replace", "redacted", "1234567", "0123456", "abcdefgh",
                                  "secret", "token", "passw")):
            continue
        return s


def b62(n, width=6):
    s = ""
    while n:
        s = B62[n % 62] + s
        n //= 62
    return s.rjust(width, "0")


def crc_token(prefix):
    body = rnd(ALNUM, 30)
    return prefix + body + b62(zlib.crc32(body.encode()))


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def age_key():
    hrp = "age-secret-key-"
    data = [R.randrange(32) for _ in range(52)]
    values = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + data
    polymod = bech32_polymod(values + [0] * 6) ^ 1
    chk = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return (hrp + "1" + "".join(BECH[d] for d in data + chk)).upper()


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def jwt():
    header = b64url({"alg": R.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"})
    payload = b64url({"sub": str(R.randrange(10**9)), "iat": 1700000000 + R.randrange(10**6),
                      "name": rnd(string.ascii_lowercase, 8)})
    return f"{header}.{payload}.{rnd(URLSAFE, 43)}"


def pem(label, n_lines=12, body_prefix=""):
    raw = body_prefix + rnd(B64, 64 * n_lines - len(body_prefix))
    lines = [raw[i:i + 64] for i in range(0, len(raw), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def hexs(n):
    return rnd(HEX, n)


def digits(n):
    return str(R.randrange(1, 10)) + "".join(R.choice(string.digits) for _ in range(n - 1))


def password():
    return rnd(ALNUM, 10) + R.choice("!#%^*-_") + rnd(string.digits, 2)


# kind -> (token factory, variable name)
TOKENS = {
    "aws_access_key": (lambda: R.choice(["AKIA", "ASIA"]) + rnd("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "AWS_ACCESS_KEY_ID"),
    "gcp_api_key": (lambda: "AIza" + rnd(URLSAFE, 35), "GOOGLE_API_KEY"),
    "gcp_oauth_client_secret": (lambda: "GOCSPX-" + rnd(URLSAFE, 28), "GOOGLE_CLIENT_SECRET"),
    "google_oauth_access_token": (lambda: "ya29." + rnd(URLSAFE, 120), "GOOGLE_ACCESS_TOKEN"),
    "google_oauth_refresh_token": (lambda: "1//0" + rnd(URLSAFE, 99), "GOOGLE_REFRESH_TOKEN"),
    "azure_ad_client_secret": (lambda: rnd(ALNUM, 3) + R.choice(string.digits) + "Q~" + rnd(ALNUM + "_~.-", 34), "AZURE_CLIENT_SECRET"),
    "digitalocean_pat": (lambda: "dop_v1_" + hexs(64), "DIGITALOCEAN_TOKEN"),
    "digitalocean_oauth_token": (lambda: "doo_v1_" + hexs(64), "DO_OAUTH_TOKEN"),
    "digitalocean_refresh_token": (lambda: "dor_v1_" + hexs(64), "DO_REFRESH_TOKEN"),
    "heroku_api_key": (lambda: "HRKU-" + rnd(URLSAFE, 60), "HEROKU_API_KEY"),
    "alibaba_access_key_id": (lambda: "LTAI" + rnd(ALNUM, 20), "ALIBABA_CLOUD_ACCESS_KEY_ID"),
    "databricks_token": (lambda: "dapi" + hexs(32), "DATABRICKS_TOKEN"),
    "dynatrace_token": (lambda: "dt0c01." + rnd(UPPER_ALNUM, 24) + "." + rnd(UPPER_ALNUM, 64), "DT_API_TOKEN"),
    "github_pat": (lambda: crc_token("ghp_"), "GITHUB_TOKEN"),
    "github_oauth_token": (lambda: crc_token("gho_"), "GH_OAUTH_TOKEN"),
    "github_user_token": (lambda: crc_token("ghu_"), "GH_USER_TOKEN"),
    "github_app_token": (lambda: crc_token("ghs_"), "GH_APP_TOKEN"),
    "github_refresh_token": (lambda: crc_token("ghr_"), "GH_REFRESH_TOKEN"),
    "github_fine_grained_pat": (lambda: "github_pat_" + rnd(ALNUM, 22) + "_" + rnd(ALNUM, 59), "GITHUB_PAT"),
    "gitlab_pat": (lambda: "glpat-" + rnd(URLSAFE, 20), "GITLAB_TOKEN"),
    "gitlab_deploy_token": (lambda: "gldt-" + rnd(URLSAFE, 20), "GITLAB_DEPLOY_TOKEN"),
    "gitlab_runner_token": (lambda: "glrt-" + rnd(URLSAFE, 20), "RUNNER_TOKEN"),
    "gitlab_pipeline_trigger_token": (lambda: "glptt-" + hexs(40), "TRIGGER_TOKEN"),
    "bitbucket_app_password": (lambda: "ATBB" + rnd(ALNUM, 32), "BITBUCKET_APP_PASSWORD"),
    "atlassian_api_token": (lambda: "ATATT3" + rnd(URLSAFE, 178) + "=" + hexs(7).upper(), "JIRA_API_TOKEN"),
    "circleci_token": (lambda: "CCIPAT_" + rnd(ALNUM, 22) + "_" + hexs(40), "CIRCLECI_TOKEN"),
    "buildkite_token": (lambda: "bkua_" + hexs(40), "BUILDKITE_API_TOKEN"),
    "sourcegraph_token": (lambda: "sgp_" + hexs(16) + "_" + hexs(40), "SRC_ACCESS_TOKEN"),
    "sonarqube_token": (lambda: R.choice(["squ_", "sqp_", "sqa_"]) + hexs(40), "SONAR_TOKEN"),
    "npm_token": (lambda: crc_token("npm_"), "NPM_TOKEN"),
    "pypi_token": (lambda: "pypi-AgEIcHlwaS5vcmc" + rnd(URLSAFE, 140), "PYPI_API_TOKEN"),
    "rubygems_api_key": (lambda: "rubygems_" + hexs(48), "GEM_HOST_API_KEY"),
    "nuget_api_key": (lambda: "oy2" + rnd(string.ascii_lowercase + string.digits, 43), "NUGET_API_KEY"),
    "cratesio_token": (lambda: "cio" + rnd(ALNUM, 32), "CARGO_REGISTRY_TOKEN"),
    "dockerhub_token": (lambda: "dckr_pat_" + rnd(URLSAFE, 27), "DOCKERHUB_TOKEN"),
    "stripe_secret_key": (lambda: "sk_live_" + rnd(ALNUM, R.choice([24, 34, 99])), "STRIPE_SECRET_KEY"),
    "stripe_restricted_key": (lambda: "rk_live_" + rnd(ALNUM, R.choice([24, 99])), "STRIPE_RESTRICTED_KEY"),
    "stripe_test_key": (lambda: "sk_test_" + rnd(ALNUM, R.choice([24, 99])), "STRIPE_TEST_KEY"),
    "stripe_webhook_secret": (lambda: "whsec_" + rnd(ALNUM, 32), "STRIPE_WEBHOOK_SECRET"),
    "square_access_token": (lambda: R.choice(["EAAA" + rnd(URLSAFE, 60), "sq0atp-" + rnd(URLSAFE, 22)]), "SQUARE_ACCESS_TOKEN"),
    "square_oauth_secret": (lambda: "sq0csp-" + rnd(URLSAFE, 43), "SQUARE_OAUTH_SECRET"),
    "braintree_access_token": (lambda: "access_token$production$" + rnd(string.ascii_lowercase + string.digits, 16) + "$" + hexs(32), "BRAINTREE_ACCESS_TOKEN"),
    "shopify_access_token": (lambda: R.choice(["shpat_", "shpca_", "shppa_"]) + hexs(32), "SHOPIFY_ACCESS_TOKEN"),
    "shopify_shared_secret": (lambda: "shpss_" + hexs(32), "SHOPIFY_SHARED_SECRET"),
    "slack_bot_token": (lambda: f"xoxb-{digits(12)}-{digits(13)}-{rnd(ALNUM, 24)}", "SLACK_BOT_TOKEN"),
    "slack_user_token": (lambda: f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}", "SLACK_USER_TOKEN"),
    "slack_app_token": (lambda: f"xapp-1-A{rnd(UPPER_ALNUM, 10)}-{digits(13)}-{hexs(64)}", "SLACK_APP_TOKEN"),
    "slack_legacy_token": (lambda: f"xoxs-{digits(12)}-{digits(12)}-{digits(12)}-{hexs(64)}", "SLACK_LEGACY_TOKEN"),
    "slack_webhook_url": (lambda: f"https://hooks.slack.com/services/T{rnd(UPPER_ALNUM, 8)}/B{rnd(UPPER_ALNUM, 10)}/{rnd(ALNUM, 24)}", "SLACK_WEBHOOK_URL"),
    "discord_webhook_url": (lambda: f"https://discord.com/api/webhooks/{digits(18)}/{rnd(URLSAFE, 68)}", "DISCORD_WEBHOOK"),
    "discord_bot_token": (lambda: "MT" + rnd(ALNUM, 22) + "." + rnd(URLSAFE, 6) + "." + rnd(URLSAFE, 27), "DISCORD_BOT_TOKEN"),
    "telegram_bot_token": (lambda: digits(10) + ":AA" + rnd(URLSAFE, 33), "TELEGRAM_BOT_TOKEN"),
    "twilio_api_key": (lambda: "SK" + hexs(32), "TWILIO_API_KEY"),
    "sendgrid_api_key": (lambda: "SG." + rnd(URLSAFE, 22) + "." + rnd(URLSAFE, 43), "SENDGRID_API_KEY"),
    "mailgun_api_key": (lambda: "key-" + hexs(32), "MAILGUN_API_KEY"),
    "mailchimp_api_key": (lambda: hexs(32) + "-us" + str(R.randrange(1, 21)), "MAILCHIMP_API_KEY"),
    "openai_api_key": (lambda: R.choice(["sk-proj-" + rnd(URLSAFE, 74), "sk-" + rnd(ALNUM, 20), "sk-svcacct-" + rnd(URLSAFE, 74)]) + "T3BlbkFJ" + rnd(URLSAFE, R.choice([20, 74])), "OPENAI_API_KEY"),
    "anthropic_api_key": (lambda: "sk-ant-api03-" + rnd(URLSAFE, 93) + "AA", "ANTHROPIC_API_KEY"),
    "anthropic_admin_key": (lambda: "sk-ant-admin01-" + rnd(URLSAFE, 93) + "AA", "ANTHROPIC_ADMIN_KEY"),
    "huggingface_token": (lambda: "hf_" + rnd(string.ascii_letters, 34), "HF_TOKEN"),
    "groq_api_key": (lambda: "gsk_" + rnd(ALNUM, 52), "GROQ_API_KEY"),
    "replicate_api_token": (lambda: "r8_" + rnd(ALNUM, 37), "REPLICATE_API_TOKEN"),
    "perplexity_api_key": (lambda: "pplx-" + rnd(ALNUM, 48), "PERPLEXITY_API_KEY"),
    "xai_api_key": (lambda: "xai-" + rnd(ALNUM, 80), "XAI_API_KEY"),
    "langsmith_api_key": (lambda: "lsv2_pt_" + hexs(32) + "_" + hexs(10), "LANGSMITH_API_KEY"),
    "newrelic_user_api_key": (lambda: "NRAK-" + rnd(UPPER_ALNUM, 27), "NEW_RELIC_API_KEY"),
    "newrelic_insert_key": (lambda: "NRII-" + rnd(URLSAFE, 32), "NEW_RELIC_INSERT_KEY"),
    "newrelic_license_key": (lambda: hexs(36) + "NRAL", "NEW_RELIC_LICENSE_KEY"),
    "sentry_auth_token": (lambda: "sntryu_" + hexs(64), "SENTRY_AUTH_TOKEN"),
    "grafana_cloud_token": (lambda: "glc_" + rnd(ALNUM, 98) + "==", "GRAFANA_CLOUD_TOKEN"),
    "grafana_service_account_token": (lambda: "glsa_" + rnd(ALNUM, 32) + "_" + hexs(8), "GRAFANA_SA_TOKEN"),
    "linear_api_key": (lambda: "lin_api_" + rnd(ALNUM, 40), "LINEAR_API_KEY"),
    "notion_token": (lambda: R.choice(["ntn_" + rnd(ALNUM, 46), "secret_" + rnd(ALNUM, 43)]), "NOTION_TOKEN"),
    "vault_service_token": (lambda: "hvs." + rnd(URLSAFE, 90), "VAULT_TOKEN"),
    "vault_batch_token": (lambda: "hvb." + rnd(URLSAFE, 138), "VAULT_BATCH_TOKEN"),
    "doppler_token": (lambda: R.choice(["dp.pt.", "dp.st.", "dp.sa."]) + rnd(ALNUM, 43), "DOPPLER_TOKEN"),
    "pulumi_access_token": (lambda: "pul-" + hexs(40), "PULUMI_ACCESS_TOKEN"),
    "terraform_cloud_token": (lambda: rnd(ALNUM, 14) + ".atlasv1." + rnd(ALNUM, 67), "TFE_TOKEN"),
    "age_secret_key": (age_key, "SOPS_AGE_KEY"),
    "onepassword_service_account_token": (lambda: "ops_eyJ" + rnd(ALNUM, 300), "OP_SERVICE_ACCOUNT_TOKEN"),
    "onepassword_secret_key": (lambda: "A3-" + rnd(UPPER_ALNUM, 6) + "-" + rnd(UPPER_ALNUM, 11) + "-" + "-".join(rnd(UPPER_ALNUM, 5) for _ in range(3)), "OP_SECRET_KEY"),
    "supabase_access_token": (lambda: "sbp_" + hexs(40), "SUPABASE_ACCESS_TOKEN"),
    "supabase_secret_key": (lambda: "sb_secret_" + rnd(URLSAFE, 32), "SUPABASE_SECRET_KEY"),
    "flyio_token": (lambda: "fo1_" + rnd(URLSAFE, 43), "FLY_API_TOKEN"),
    "postman_api_key": (lambda: "PMAK-" + hexs(24) + "-" + hexs(34), "POSTMAN_API_KEY"),
    "figma_token": (lambda: "figd_" + rnd(URLSAFE, 40), "FIGMA_TOKEN"),
    "airtable_token": (lambda: "pat" + rnd(ALNUM, 14) + "." + hexs(64), "AIRTABLE_TOKEN"),
    "mapbox_secret_token": (lambda: "sk.eyJ1Ijoi" + rnd(ALNUM, 40) + "." + rnd(URLSAFE, 22), "MAPBOX_SECRET_TOKEN"),
    "firebase_cloud_messaging_key": (lambda: "AAAA" + rnd(URLSAFE, 7) + ":APA91b" + rnd(URLSAFE, 134), "FCM_SERVER_KEY"),
    "planetscale_token": (lambda: "pscale_tkn_" + rnd(URLSAFE, 43), "PLANETSCALE_TOKEN"),
    "tailscale_key": (lambda: "tskey-auth-k" + rnd(ALNUM, 11) + "CNTRL-" + rnd(ALNUM, 33), "TS_AUTHKEY"),
    "prefect_api_key": (lambda: "pnu_" + rnd(ALNUM, 36), "PREFECT_API_KEY"),
    "jwt": (jwt, "ID_TOKEN"),
}

# Vendor formats with no prefix: only the variable name tells (keyword rules).
KEYWORD_TOKENS = {
    "heroku_api_key_legacy": (lambda: str(uuid.UUID(int=R.getrandbits(128), version=4)), ["HEROKU_API_KEY", "heroku_api_key"]),
    "cloudflare_api_token": (lambda: rnd(URLSAFE, 40), ["CLOUDFLARE_API_TOKEN", "cloudflare_token"]),
    "cloudflare_global_api_key": (lambda: hexs(37), ["CLOUDFLARE_API_KEY", "cloudflareGlobalKey"]),
    "fastly_api_token": (lambda: rnd(URLSAFE, 32), ["FASTLY_API_TOKEN", "fastly_key"]),
    "travis_ci_token": (lambda: rnd(ALNUM, 22), ["TRAVIS_TOKEN", "travis_api_token"]),
    "snyk_token": (lambda: str(uuid.UUID(int=R.getrandbits(128), version=4)), ["SNYK_TOKEN", "snyk_api_token"]),
    "twilio_auth_token": (lambda: hexs(32), ["TWILIO_AUTH_TOKEN", "twilioAuthToken"]),
    "cohere_api_key": (lambda: rnd(ALNUM, 40), ["COHERE_API_KEY", "CO_API_KEY"]),
    "datadog_api_key": (lambda: hexs(32), ["DD_API_KEY", "DATADOG_API_KEY"]),
    "datadog_app_key": (lambda: hexs(40), ["DD_APP_KEY", "DATADOG_APP_KEY"]),
    "okta_api_token": (lambda: "00" + rnd(URLSAFE, 40), ["OKTA_API_TOKEN", "okta_token"]),
    "vercel_token": (lambda: rnd(ALNUM, 24), ["VERCEL_TOKEN", "vercelToken"]),
    "netlify_token": (lambda: rnd(URLSAFE, 43), ["NETLIFY_AUTH_TOKEN", "netlify_token"]),
    "algolia_admin_key": (lambda: hexs(32), ["ALGOLIA_ADMIN_KEY", "algolia_api_key"]),
}

CONTEXTS = [
    "export {name}={v}\n",
    '{name}="{v}"\n',
    '{{"{lname}": "{v}", "region": "us-east-1"}}',
    "env:\n  {name}: {v}\n  LOG_LEVEL: debug\n",
    "docker run -e {name}='{v}' ghcr.io/acme/worker:1.4",
    "config.set('{lname}', '{v}')",
    "The deploy failed; the job log shows {v} in the environment dump.",
    "curl -sS https://api.acme.dev/v1/items -H 'X-Api-Key: {v}'",
]

positives = []
negatives = []


def add_pos(text, secrets, source):
    enc = text.encode()
    out = []
    for kind, value, occurrence_from in secrets:
        idx = text.index(value, occurrence_from)
        start = len(text[:idx].encode())
        out.append({"kind": kind, "start": start, "end": start + len(value.encode())})
        assert enc[out[-1]["start"]:out[-1]["end"]].decode() == value
    positives.append({"text": text, "secrets": out, "source": source})


def fill(ctx, name, v):
    return ctx.format(name=name, lname=name.lower(), v=v)


# Formats with no distinctive prefix need their variable name or header next to them.
NEEDS_NAME = {"discord_bot_token"}
for kind, (make, name) in TOKENS.items():
    ctxs = CONTEXTS[:6] if kind in NEEDS_NAME else CONTEXTS
    ctxs = R.sample(ctxs, 4)
    for ctx in ctxs:
        v = make()
        add_pos(fill(ctx, name, v), [(kind, v, 0)], f"synthetic:{kind}")

for kind, (make, names) in KEYWORD_TOKENS.items():
    for name in names:
        for ctx in ["export {name}={v}\n", '{{"{name}": "{v}"}}', "{name}: '{v}'\n"]:
            v = make()
            add_pos(ctx.format(name=name, v=v), [(kind, v, 0)], f"synthetic:{kind}")

# AWS secret access keys: by name, and next to an access key id.
for i in range(8):
    kid = "AKIA" + rnd("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    sec = rnd(ALNUM, 18) + "/" + rnd(ALNUM, 10) + "+" + rnd(ALNUM, 10)
    if i % 4 == 0:
        t = f"[default]\naws_access_key_id = {kid}\naws_secret_access_key = {sec}\n"
    elif i % 4 == 1:
        t = f"Access key ID,Secret access key\n{kid},{sec}\n"
    elif i % 4 == 2:
        t = f'{{"AccessKeyId": "{kid}", "SecretAccessKey": "{sec}"}}'
    else:
        t = f"AWS_ACCESS_KEY_ID={kid} AWS_SECRET_ACCESS_KEY={sec} aws s3 ls"
    add_pos(t, [("aws_access_key", kid, 0), ("aws_secret_access_key", sec, 0)], "synthetic:aws_pair")

for i in range(4):
    tok = "IQoJb3JpZ2luX2VjE" + rnd(B64, 380) + "="
    add_pos(f"aws_session_token = {tok}\n", [("aws_session_token", tok, 0)], "synthetic:aws_session_token")

# Azure storage connection strings.
for i in range(4):
    key = rnd(B64, 86) + "=="
    t = f"DefaultEndpointsProtocol=https;AccountName=acmelogs{i};AccountKey={key};EndpointSuffix=core.windows.net"
    add_pos(t, [("azure_storage_key", key, 0)], "synthetic:azure_storage_key")

# Sentry DSNs: the key part is the secret.
for i in range(4):
    k = hexs(32)
    t = f'Sentry.init({{ dsn: "https://{k}@o{digits(6)}.ingest.sentry.io/{digits(7)}" }});'
    add_pos(t, [("sentry_dsn", k, 0)], "synthetic:sentry_dsn")

# Connection strings: the password is the secret.
DB = [
    ("postgres_url", "postgres://app:{p}@db.internal:5432/orders"),
    ("postgres_url", "DATABASE_URL=postgresql://svc_orders:{p}@10.0.3.7/orders?sslmode=require"),
    ("mysql_url", "mysql://root:{p}@127.0.0.1:3306/shop"),
    ("mysql_url", "mariadb://report:{p}@mariadb.svc.cluster.local/reports"),
    ("mongodb_url", "mongodb+srv://admin:{p}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true"),
    ("mongodb_url", "mongodb://etl:{p}@mongo-0:27017,mongo-1:27017/etl"),
    ("redis_url", "REDIS_URL=redis://:{p}@cache.internal:6379/0"),
    ("redis_url", "rediss://default:{p}@redis-1234.c1.cloud.redislabs.com:1234"),
    ("amqp_url", "amqp://worker:{p}@rabbitmq:5672/%2f"),
    ("amqp_url", "amqps://events:{p}@b-1.mq.us-east-1.amazonaws.com:5671"),
    ("url_basic_auth", "git clone https://deploy:{p}@git.corp.acme.dev/platform/infra.git"),
    ("url_basic_auth", "pip install --index-url https://ci-bot:{p}@pypi.corp.acme.dev/simple pkg"),
]
for kind, tmpl in DB:
    for _ in range(2):
        p = password()
        add_pos(tmpl.format(p=p), [(kind, p, 0)], f"synthetic:{kind}")

# Authorization headers with opaque tokens or basic credentials.
for i in range(6):
    if i % 2 == 0:
        v = rnd(ALNUM + "-._~", 40)
        t = f'curl -H "Authorization: Bearer {v}" https://internal.acme.dev/api/v2/jobs'
    else:
        v = base64.b64encode(f"svc-{rnd(string.ascii_lowercase, 5)}:{password()}".encode()).decode()
        t = f"GET /metrics HTTP/1.1\r\nHost: prom.acme.dev\r\nAuthorization: Basic {v}\r\n\r\n"
    add_pos(t, [("authorization_header", v, 0)], "synthetic:authorization_header")

# Private keys.
PEMS = [
    ("rsa_private_key", "RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA"),
    ("ec_private_key", "EC PRIVATE KEY", "MHcCAQEEI"),
    ("dsa_private_key", "DSA PRIVATE KEY", "MIIBuwIBAAKBgQ"),
    ("openssh_private_key", "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"),
    ("encrypted_private_key", "ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI"),
    ("private_key", "PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
    ("pgp_private_key", "PGP PRIVATE KEY BLOCK", "lQOYBF"),
]
for kind, label, prefix in PEMS:
    for i in range(3):
        block = pem(label, R.choice([6, 12, 25]), prefix)
        wrapper = [
            "{b}\n",
            "$ cat ~/.ssh/id_key\n{b}\n$ ",
            "key: |\n" + "{b}",
        ][i]
        if i == 2:
            block_indented = block.replace("\n", "\n  ")
            t = "tls:\n  key: |\n  " + block_indented + "\n"
            add_pos(t, [(kind, block_indented, 0)], f"synthetic:{kind}")
        else:
            add_pos(wrapper.format(b=block), [(kind, block, 0)], f"synthetic:{kind}")

for i in range(4):
    block = pem("PRIVATE KEY", 16, "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC").replace("\n", "\\n")
    t = ('{\n  "type": "service_account",\n  "project_id": "acme-prod-%d",\n  "private_key_id": "%s",\n'
         '  "private_key": "%s\\n",\n  "client_email": "ci@acme-prod.iam.gserviceaccount.com"\n}' % (i, hexs(40), block))
    add_pos(t, [("gcp_service_account_key", block, 0)], "synthetic:gcp_service_account_key")

# Generic assignments.
GENERIC = [
    ("generic_secret", 'api_key = "{v}"'),
    ("generic_secret", '"client_secret": "{v}",'),
    ("generic_secret", "auth_token: {v}"),
    ("generic_secret", "const signingKey = '{v}';"),
    ("generic_secret", "APP_SECRET={v}"),
    ("generic_secret", "--api-key={v}"),
    ("generic_secret", "<add key=\"x\"/> webhookSecret := \"{v}\""),
    ("generic_password", "PASSWORD={v}"),
    ("generic_password", 'db_password: "{v}"'),
    ("generic_password", "spring.datasource.password={v}"),
    ("generic_password", "mysql --user=admin --password={v} shop"),
    ("generic_password", '$conn = new PDO($dsn, "app", $db_pwd = "{v}");'),
]
for kind, tmpl in GENERIC:
    for _ in range(3):
        v = password() if kind == "generic_password" else rnd(ALNUM, 12) + rnd(string.digits, 4) + rnd(ALNUM, 16)
        add_pos(tmpl.format(v=v), [(kind, v, 0)], f"synthetic:{kind}")

# Several secrets in one text.
for i in range(6):
    a = crc_token("ghp_")
    b = "xoxb-" + digits(12) + "-" + digits(13) + "-" + rnd(ALNUM, 24)
    c = "sk_live_" + rnd(ALNUM, 24)
    t = f"GITHUB_TOKEN={a}\nSLACK_BOT_TOKEN={b}\nSTRIPE_KEY={c}\n"
    add_pos(t, [("github_pat", a, 0), ("slack_bot_token", b, 0), ("stripe_secret_key", c, 0)], "synthetic:multi")

# ----------------------------------------------------------------------------------------
# Negatives: texts that must produce no match.

def neg(text, source):
    negatives.append({"text": text, "secrets": [], "source": source})


for _ in range(30):
    u = str(uuid.UUID(int=R.getrandbits(128), version=4))
    neg(R.choice([
        f"request_id={u} status=200 latency_ms=12",
        f'{{"id": "{u}", "type": "order", "state": "shipped"}}',
        f"INSERT INTO jobs (id) VALUES ('{u}');",
        f"trace {u} span {hexs(16)}",
    ]), "negative:uuid")
for _ in range(30):
    sha = hexs(40)
    neg(R.choice([
        f"commit {sha}\nAuthor: Dev <dev@acme.dev>\n\n    fix flaky test",
        f"git checkout {sha}",
        f"    rev = \"{sha}\"",
        f"{sha} refs/heads/main",
        f"Merge: {sha[:7]} {hexs(7)}",
    ]), "negative:git_sha")
for _ in range(25):
    integrity = "sha512-" + base64.b64encode(R.randbytes(64)).decode()
    neg(f'    "node_modules/lodash": {{\n      "version": "4.17.{R.randrange(30)}",\n      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n      "integrity": "{integrity}"\n    }}', "negative:package_lock")
for _ in range(25):
    neg(f'[[package]]\nname = "serde"\nversion = "1.0.{R.randrange(250)}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{hexs(64)}"', "negative:cargo_lock")
for _ in range(20):
    neg(f"{hexs(64)}  portcullis-x86_64-unknown-linux-gnu.tar.gz", "negative:sha256sum")
for _ in range(10):
    neg(f"sha256:{hexs(64)}", "negative:docker_digest")
for _ in range(15):
    neg("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rnd(B64, 43) + " dev@laptop", "negative:ssh_public_key")
for _ in range(10):
    neg("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + rnd(B64, 500) + " ci@runner", "negative:ssh_public_key")
for _ in range(10):
    neg(pem("PUBLIC KEY", 6, "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"), "negative:public_key")
for _ in range(10):
    neg(pem("CERTIFICATE", 18, "MIIDdzCCAl+gAwIBAgIE"), "negative:certificate")
for _ in range(10):
    neg('<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA' + rnd(B64, 400) + '==" alt="logo">', "negative:base64_image")

PLACEHOLDER_VALUES = [
    "<token>", "${GITHUB_TOKEN}", "$API_KEY", "{{ secrets.API_KEY }}", "xxxxxxxxxxxxxxxxxxxx",
    "your-api-key-here", "changeme", "********", "...", "<YOUR_SECRET>", "%(password)s",
    "YOUR_API_KEY", "REPLACE_ME", "${{ secrets.NPM_TOKEN }}", "process.env.STRIPE_KEY",
    "os.environ['DB_PASSWORD']", "None", "null", "''", "<redacted>", "[REDACTED]", "dummy-value",
    "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk-...", "xoxb-your-token", "postgres://user:password@localhost/db",
    "redis://:${REDIS_PASSWORD}@cache:6379", "mysql://root:<password>@db/app", "vault:secret/data/api#key",
]
NAMES = ["API_KEY", "api_key", "client_secret", "password", "DB_PASSWORD", "token", "GITHUB_TOKEN",
         "STRIPE_SECRET_KEY", "aws_secret_access_key", "AWS_ACCESS_KEY_ID", "DATABASE_URL", "SLACK_TOKEN"]
for v in PLACEHOLDER_VALUES:
    for ctx in ["export {n}={v}", '{n} = "{v}"', '"{n}": "{v}"', "{n}: {v}"]:
        neg(ctx.format(n=R.choice(NAMES), v=v), "negative:placeholder")

CODE = [
    "let token = tokenizer.next_token()?;",
    "def authenticate(self, password: str) -> bool:\n    return check_password_hash(self.password_hash, password)",
    "const apiKey = process.env.OPENAI_API_KEY;",
    "password = getpass.getpass('Password: ')",
    "if (token.kind == TokenKind::Ident) { return parse_ident(token); }",
    "self.secret_key = settings.SECRET_KEY",
    "for key, value in sorted(config.items()):\n    print(key, value)",
    "map.insert(key.clone(), value);",
    "PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES users(id)",
    "The max_tokens parameter limits the completion length to 256 tokens.",
    "Press the Enter key to continue, or Esc to cancel.",
    "token_type: Bearer\nexpires_in: 3600",
    "Authorization: Bearer $TOKEN",
    "Authorization: Bearer ${ACCESS_TOKEN}",
    "curl -u \"$USER:$PASS\" https://example.com",
    "password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())",
    "keyboard shortcuts: Ctrl-K opens the command palette",
    "secret_name: prod/db/credentials\nsecret_arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db",
    "- name: Login\n  run: echo \"${{ secrets.DOCKERHUB_TOKEN }}\" | docker login -u acme --password-stdin",
    "cursor = page_token or None",
    "new_password = request.form['new_password']",
    "pub fn verify(&self, token: &str) -> Result<Claims, Error> {",
    "csrf_token: {{ csrf_token() }}",
    "git log --pretty=format:'%H %s' | head",
    "export PATH=\"$HOME/.cargo/bin:$PATH\"",
    "The password must be at least 12 characters long and include a digit.",
    "Rotate the API key every 90 days; never commit it to the repository.",
    "token = jwt.encode(payload, key, algorithm='HS256')",
    "SELECT id, api_key_hash FROM api_keys WHERE revoked_at IS NULL;",
    "kubectl get secret db-credentials -o jsonpath='{.data.password}' | base64 -d",
    "ls -la ~/.ssh && cat ~/.ssh/id_ed25519.pub",
    "https://docs.acme.dev/guide/auth#tokens",
    "http://localhost:8080/health",
    "postgres://localhost:5432/app",
    "redis://cache.internal:6379/0",
    "The session key is derived with HKDF from the shared secret.",
    "const { data: session } = useSession();",
    "ASIA and EMEA regions reported 12% growth; SKU counts rose.",
    "SKIP_TESTS=1 TASK_NAME=build make release",
    "pattern = re.compile(r'^pattern_[a-z]+$')",
    "compatible with the patented approach",
    "Use `key-value` pairs; e.g. key-1=value",
    "npm_config_cache=/tmp/.npm",
    "The hf_transfer package speeds up downloads.",
    "gsk_ prefixes identify Groq keys; see the docs.",
    "eyJhbGciOiJIUzI1NiJ9 is the base64 of a JWT header",
    "sk-ant- keys should live in a secret manager",
    "set -euo pipefail; IFS=$'\\n\\t'",
    "ssh -i ~/.ssh/deploy_key deploy@bastion",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----\n<your key here>\n-----END OPENSSH PRIVATE KEY-----",
    "DEBUG=true\nLOG_LEVEL=info\nPORT=8080\nTOKEN_TTL_SECONDS=3600",
    "{\"level\":\"info\",\"msg\":\"token refreshed\",\"user\":\"u_123\",\"expires_in\":3600}",
    "{\"event\":\"login\",\"password_changed\":false,\"mfa\":true}",
    "client_secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256",
    "password: !!python/name:os.environ",
]
for c in CODE:
    neg(c, "negative:code")

PROSE = [
    "Portcullis decides every tool call before it runs and writes the decision to a signed ledger.",
    "In cryptography, a key is a piece of information that determines the output of a cipher.",
    "Tokens are the basic units of text that language models read and write.",
    "A password manager stores credentials encrypted under a master password.",
    "The secret to good documentation is writing for the reader, not for yourself.",
    "Access keys consist of an access key ID and a secret access key.",
    "Each commit has a 40-character SHA-1 hash that identifies it uniquely.",
    "Integrity hashes in lock files protect against tampered packages.",
]
for p in PROSE:
    neg(p, "negative:prose")
    neg(p + " " + p.lower(), "negative:prose")

# Real files of this repository, in 30-line chunks (code, lock file, manifests, docs).
import os
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
for rel in ["Cargo.lock", "Cargo.toml", "clippy.toml", ".ci/run", "crates/portcullis-types/src/decision.rs",
            "crates/portcullis-types/src/action.rs", "crates/portcullis-types/src/session.rs",
            "crates/portcullis-types/src/effect.rs", "crates/portcullis-detect/src/lib.rs",
            "crates/portcullis-detect-sql/src/ast.rs", "crates/portcullis-detect-sql/src/lex.rs"]:
    path = os.path.join(ROOT, rel)
    if not os.path.exists(path):
        continue
    lines = open(path, encoding="utf-8").read().splitlines()
    for i in range(0, len(lines), 30):
        chunk = "\n".join(lines[i:i + 30])
        if chunk.strip():
            neg(chunk, f"negative:repo:{rel}")

CONFIGS = [
    "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_USER: app\n  api:\n    environment:\n      DATABASE_URL: postgres://app:${POSTGRES_PASSWORD}@db:5432/app",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-credentials\ntype: Opaque\nstringData:\n  api-key: \"{{ .Values.apiKey }}\"",
    "env:\n  - name: GITHUB_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: gh\n        key: token",
    "- uses: actions/checkout@v4\n- run: npm ci\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
    'variable "db_password" {\n  type      = string\n  sensitive = true\n}\nresource "aws_db_instance" "main" {\n  password = var.db_password\n}',
    "server {\n  listen 443 ssl;\n  ssl_certificate /etc/ssl/certs/site.pem;\n  ssl_certificate_key /etc/ssl/private/site.key;\n}",
    "[client]\nuser=app\npassword=\n[mysqld]\nbind-address=127.0.0.1",
    "AWS_REGION=us-east-1\nAWS_PROFILE=dev\nLOG_LEVEL=debug\nFEATURE_FLAGS=search,export",
    "spring.datasource.url=jdbc:postgresql://localhost:5432/app\nspring.datasource.username=app\nspring.datasource.password=${DB_PASSWORD}",
    "ssh-keygen -t ed25519 -C ci@example.com -f ~/.ssh/id_ed25519 -N ''",
    "openssl genrsa -out private.key 2048 && openssl rsa -in private.key -pubout -out public.key",
    "const token = req.headers.authorization?.split(' ')[1];\nif (!token) return res.status(401).end();",
    "if err := bcrypt.CompareHashAndPassword(hash, []byte(password)); err != nil {\n    return ErrInvalidCredentials\n}",
    "let secret = Secret::new(env::var(\"APP_SECRET\")?);",
    "password_reset_token_ttl: 3600\nsession_cookie_secure: true\napi_rate_limit: 100",
    "git remote add origin https://github.com/acme/portcullis.git",
    "pip install -r requirements.txt --index-url https://pypi.org/simple",
    "docker login ghcr.io -u $GITHUB_ACTOR --password-stdin <<< \"$GITHUB_TOKEN\"",
    "psql \"host=db port=5432 dbname=app user=app sslmode=require\"",
    "export VAULT_ADDR=https://vault.internal:8200 && vault kv get secret/app",
    '{"mappings": {"properties": {"api_key_id": {"type": "keyword"}, "token_hash": {"type": "keyword"}}}}',
    "keyring.set_password('service', 'user', getpass.getpass())",
    "auth:\n  type: oauth2\n  token_url: https://auth.acme.dev/oauth/token\n  scopes: [read, write]",
    "Set the STRIPE_SECRET_KEY environment variable to your live key (starts with sk_live_).",
    "The AKIA prefix marks long-term AWS access key ids; ASIA marks temporary ones.",
]
for c in CONFIGS:
    neg(c, "negative:config")

# JSON logs.
for _ in range(20):
    neg(json.dumps({"ts": f"2024-06-0{R.randrange(1, 10)}T12:00:00Z", "level": "info", "msg": "request finished",
                    "request_id": str(uuid.UUID(int=R.getrandbits(128), version=4)), "path": "/v1/orders",
                    "status": 200, "duration_ms": R.randrange(1, 900), "token_count": R.randrange(1, 4000)}), "negative:json_log")

with open("positives.jsonl", "w") as f:
    for p in positives:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
with open("negatives.jsonl", "w") as f:
    for n in negatives:
        f.write(json.dumps(n, ensure_ascii=False) + "\n")
print(len(positives), "positives", sum(len(p["secrets"]) for p in positives), "secrets;", len(negatives), "negatives")
