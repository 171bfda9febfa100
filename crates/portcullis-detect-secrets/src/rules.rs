//! The built-in credential formats.
//!
//! Each rule names its prefilter keywords (found by one Aho-Corasick pass), the regex that
//! confirms a candidate in a bounded window around a keyword hit, and the capture group that
//! holds the secret value. Sources for the formats are listed in
//! `testdata/eval/secrets/SOURCES.md`.

use crate::Confidence;

/// Where the confirming regex runs, relative to a keyword hit at byte `p`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At {
    /// The regex must match starting exactly at `p`, within `p..p + fwd`.
    Start { fwd: usize },
    /// The regex runs on `p - back..p + fwd` and the match must cover the keyword.
    Around { back: usize, fwd: usize },
}

/// What may not touch the secret value on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Anything may touch it.
    Any,
    /// No ASCII letter or digit.
    Alnum,
    /// No letter, digit, `_` or `-`.
    Token,
    /// No base64 character (`A-Za-z0-9+/=`).
    Base64,
}

impl Bound {
    /// Whether `byte` may touch a value with this bound.
    pub(crate) fn allows(self, byte: u8) -> bool {
        match self {
            Bound::Any => true,
            Bound::Alnum => !byte.is_ascii_alphanumeric(),
            Bound::Token => !(byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'),
            Bound::Base64 => !(byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'=')),
        }
    }
}

/// Extra validation after the regex matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// Placeholder filter only.
    Plain,
    /// GitHub / npm CRC32 checksum in the last six base62 characters.
    Crc32Base62,
    /// Bech32 checksum (age secret keys).
    Bech32,
    /// Keyword-bound value: placeholder filter plus a Shannon-entropy floor (bits per char × 10).
    Entropy(u8),
    /// `Authorization` header value: bearer tokens need entropy, basic credentials a `:`.
    AuthHeader,
    /// JSON Web Token: the header must decode to a JSON object with `alg`.
    Jwt,
}

/// How a keyword hit reaches a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// The keywords go into the prefilter.
    Keyword,
    /// The keywords are looked up (ASCII case-insensitively) inside the identifier the generic
    /// detector extracts around a key-like word (`DATADOG_API_KEY`, `aws_secret_access_key`),
    /// so vendor names do not cost prefilter patterns.
    Name,
}

/// One credential format.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Def {
    pub(crate) kind: &'static str,
    pub(crate) code: &'static str,
    pub(crate) keywords: &'static [&'static str],
    pub(crate) re: &'static str,
    pub(crate) at: At,
    pub(crate) left: Bound,
    pub(crate) right: Bound,
    pub(crate) confidence: Confidence,
    pub(crate) risk: u8,
    pub(crate) check: Check,
    pub(crate) route: Route,
}

const BASE: Def = Def {
    kind: "",
    code: "",
    keywords: &[],
    re: "",
    at: At::Start { fwd: 128 },
    left: Bound::Token,
    right: Bound::Token,
    confidence: Confidence::Medium,
    risk: 80,
    check: Check::Plain,
    route: Route::Keyword,
};

macro_rules! def {
    ($kind:literal, [$($kw:literal),+ $(,)?], $re:expr $(, $field:ident : $val:expr)* $(,)?) => {
        Def {
            kind: $kind,
            code: concat!("secret.", $kind),
            keywords: &[$($kw),+],
            re: $re,
            $($field: $val,)*
            ..BASE
        }
    };
}

/// The assignment between a key name and its value: `=`, `:`, `:=`, `=>`, with optional quotes.
macro_rules! assign {
    () => {
        r#"[\w.\-]{0,40}?["']?[ \t]{0,4}(?::=|=>|=|:)[ \t]{0,4}["'`]?"#
    };
}

const LOW: Confidence = Confidence::Low;
const HIGH: Confidence = Confidence::High;

/// Keyword-bound formats get the keyword's three usual spellings.
pub(crate) static DEFS: &[Def] = &[
    // ---- cloud ----
    def!("aws_access_key", ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
        r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}", left: Bound::Alnum, right: Bound::Alnum, risk: 85),
    def!("aws_secret_access_key",
        ["secret_access_key", "SECRET_ACCESS_KEY", "SecretAccessKey", "secretAccessKey", "aws_secret_key", "AWS_SECRET_KEY"],
        concat!(r"(?i:secret_?access_?key|aws_secret_key)", assign!(), r"([A-Za-z0-9/+]{40})"),
        left: Bound::Any, right: Bound::Base64, route: Route::Name, risk: 95),
    def!("aws_session_token", ["session_token", "SESSION_TOKEN", "SessionToken", "sessionToken"],
        concat!(r"(?i:session_?token)", assign!(), r"([A-Za-z0-9/+=]{100,})"),
        left: Bound::Any, right: Bound::Base64, at: At::Start { fwd: 2200 }, route: Route::Name, risk: 85),
    def!("gcp_api_key", ["AIza"], r"AIza[0-9A-Za-z_\-]{35}", risk: 75),
    def!("gcp_oauth_client_secret", ["GOCSPX-"], r"GOCSPX-[A-Za-z0-9_\-]{28}", risk: 80),
    def!("google_oauth_access_token", ["ya29."], r"ya29\.[0-9A-Za-z_\-]{30,}", at: At::Start { fwd: 600 }, risk: 80),
    def!("google_oauth_refresh_token", ["1//0"], r"1//0[0-9A-Za-z_\-]{40,}", at: At::Start { fwd: 600 }, left: Bound::Alnum, risk: 85),
    def!("azure_storage_key", ["AccountKey=", "accountkey=", "ACCOUNTKEY="],
        r"(?i:AccountKey=)([A-Za-z0-9+/]{86}==)", left: Bound::Any, right: Bound::Base64, route: Route::Name, risk: 90),
    def!("azure_ad_client_secret", ["Q~"], r"[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34}",
        at: At::Around { back: 4, fwd: 40 }, right: Bound::Token, risk: 85),
    def!("digitalocean_pat", ["dop_v1_"], r"dop_v1_[a-f0-9]{64}", risk: 85),
    def!("digitalocean_oauth_token", ["doo_v1_"], r"doo_v1_[a-f0-9]{64}", risk: 85),
    def!("digitalocean_refresh_token", ["dor_v1_"], r"dor_v1_[a-f0-9]{64}", risk: 85),
    def!("heroku_api_key", ["HRKU-"], r"HRKU-[A-Za-z0-9_\-]{60}", risk: 85),
    def!("heroku_api_key_legacy", ["heroku", "Heroku", "HEROKU"],
        concat!(r"(?i:heroku)", assign!(), r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 70),
    def!("alibaba_access_key_id", ["LTAI"], r"LTAI[A-Za-z0-9]{20}", left: Bound::Alnum, right: Bound::Alnum, risk: 80),
    def!("cloudflare_api_token", ["cloudflare", "Cloudflare", "CLOUDFLARE"],
        concat!(r"(?i:cloudflare)", assign!(), r"([A-Za-z0-9_\-]{40})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 80),
    def!("cloudflare_global_api_key", ["cloudflare", "Cloudflare", "CLOUDFLARE"],
        concat!(r"(?i:cloudflare)", assign!(), r"([a-f0-9]{37})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 85),
    def!("fastly_api_token", ["fastly", "Fastly", "FASTLY"],
        concat!(r"(?i:fastly)", assign!(), r"([A-Za-z0-9_\-]{32})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 80),
    def!("databricks_token", ["dapi"], r"dapi[a-f0-9]{32}(?:-[0-9])?", left: Bound::Alnum, risk: 85),
    def!("dynatrace_token", ["dt0c01."], r"dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}", risk: 80),
    // ---- version control and CI ----
    def!("github_pat", ["ghp_"], r"ghp_[A-Za-z0-9]{36}", check: Check::Crc32Base62, confidence: HIGH, risk: 90),
    def!("github_oauth_token", ["gho_"], r"gho_[A-Za-z0-9]{36}", check: Check::Crc32Base62, confidence: HIGH, risk: 90),
    def!("github_user_token", ["ghu_"], r"ghu_[A-Za-z0-9]{36}", check: Check::Crc32Base62, confidence: HIGH, risk: 90),
    def!("github_app_token", ["ghs_"], r"ghs_[A-Za-z0-9]{36}", check: Check::Crc32Base62, confidence: HIGH, risk: 90),
    def!("github_refresh_token", ["ghr_"], r"ghr_[A-Za-z0-9]{36}", check: Check::Crc32Base62, confidence: HIGH, risk: 90),
    def!("github_fine_grained_pat", ["github_pat_"], r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", risk: 90),
    def!("gitlab_pat", ["glpat-"], r"glpat-[A-Za-z0-9_\-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?", at: At::Start { fwd: 360 }, risk: 90),
    def!("gitlab_deploy_token", ["gldt-"], r"gldt-[A-Za-z0-9_\-]{20,}", at: At::Start { fwd: 360 }, risk: 80),
    def!("gitlab_runner_token", ["glrt-"], r"glrt-[A-Za-z0-9_\-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?", at: At::Start { fwd: 360 }, risk: 80),
    def!("gitlab_pipeline_trigger_token", ["glptt-"], r"glptt-[A-Za-z0-9_\-]{40}", risk: 75),
    def!("bitbucket_app_password", ["ATBB"], r"ATBB[A-Za-z0-9]{32}", left: Bound::Alnum, risk: 85),
    def!("atlassian_api_token", ["ATATT3"], r"ATATT3[A-Za-z0-9_\-=]{186}", at: At::Start { fwd: 200 }, left: Bound::Alnum, risk: 85),
    def!("circleci_token", ["CCIPAT_", "CCIPRJ_"], r"CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[a-f0-9]{40}", risk: 85),
    def!("travis_ci_token", ["travis", "Travis", "TRAVIS"],
        concat!(r"(?i:travis)", assign!(), r"([A-Za-z0-9]{22})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 70),
    def!("buildkite_token", ["bkua_"], r"bkua_[a-f0-9]{40}", risk: 85),
    def!("sourcegraph_token", ["sgp_"], r"sgp_(?:[a-f0-9]{16}|local)_[a-f0-9]{40}", risk: 80),
    def!("sonarqube_token", ["squ_", "sqp_", "sqa_"], r"sq[upa]_[a-f0-9]{40}", risk: 75),
    def!("snyk_token", ["snyk", "Snyk", "SNYK"],
        concat!(r"(?i:snyk)", assign!(), r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 75),
    // ---- package registries ----
    def!("npm_token", ["npm_"], r"npm_[A-Za-z0-9]{36}", check: Check::Crc32Base62, confidence: HIGH, risk: 90),
    def!("pypi_token", ["pypi-AgE"], r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,}", at: At::Start { fwd: 1100 }, risk: 90),
    def!("rubygems_api_key", ["rubygems_"], r"rubygems_[a-f0-9]{48}", risk: 85),
    def!("nuget_api_key", ["oy2"], r"oy2[a-z0-9]{43}", left: Bound::Alnum, risk: 80),
    def!("cratesio_token", ["cio"], r"cio[A-Za-z0-9]{32}", left: Bound::Alnum, right: Bound::Alnum, risk: 85),
    def!("dockerhub_token", ["dckr_pat_", "dckr_oat_"], r"dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,32}", risk: 85),
    // ---- payments and commerce ----
    def!("stripe_secret_key", ["sk_live_"], r"sk_live_[A-Za-z0-9]{24,}", at: At::Start { fwd: 260 }, risk: 95),
    def!("stripe_restricted_key", ["rk_live_"], r"rk_live_[A-Za-z0-9]{24,}", at: At::Start { fwd: 260 }, risk: 90),
    def!("stripe_test_key", ["sk_test_", "rk_test_"], r"[sr]k_test_[A-Za-z0-9]{24,}", at: At::Start { fwd: 260 }, risk: 40),
    def!("stripe_webhook_secret", ["whsec_"], r"whsec_[A-Za-z0-9+/]{32,64}", right: Bound::Base64, risk: 80),
    def!("square_access_token", ["EAAA", "sq0atp-"], r"(?:EAAA[A-Za-z0-9_\-]{60}|sq0atp-[A-Za-z0-9_\-]{22})", left: Bound::Alnum, risk: 90),
    def!("square_oauth_secret", ["sq0csp-"], r"sq0csp-[A-Za-z0-9_\-]{43}", risk: 90),
    def!("braintree_access_token", ["access_token$production$", "access_token$sandbox$"],
        r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}", left: Bound::Alnum, risk: 90),
    def!("shopify_access_token", ["shpat_", "shpca_", "shppa_"], r"shp(?:at|ca|pa)_[a-fA-F0-9]{32}", risk: 90),
    def!("shopify_shared_secret", ["shpss_"], r"shpss_[a-fA-F0-9]{32}", risk: 85),
    // ---- messaging and email ----
    def!("slack_bot_token", ["xoxb-"], r"xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,40}", risk: 85),
    def!("slack_user_token", ["xoxp-", "xoxe-"], r"xox[pe](?:-[0-9]{8,14}){3}-[A-Za-z0-9]{28,34}", risk: 85),
    def!("slack_app_token", ["xapp-"], r"xapp-[0-9]-[A-Z0-9]{8,14}-[0-9]{8,16}-[a-z0-9]{32,80}", risk: 80),
    def!("slack_legacy_token", ["xoxa-", "xoxo-", "xoxr-", "xoxs-"], r"xox[aors]-(?:[0-9]{6,14}-){1,3}[A-Za-z0-9]{10,64}", risk: 80),
    def!("slack_webhook_url", ["hooks.slack.com/"],
        r"https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[A-Z0-9]{6,14}(?:/[0-9]{6,20})?/[A-Za-z0-9]{20,40}",
        at: At::Around { back: 8, fwd: 160 }, left: Bound::Alnum, risk: 70),
    def!("discord_webhook_url", ["/webhooks/"],
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{60,68}",
        at: At::Around { back: 48, fwd: 120 }, left: Bound::Alnum, risk: 70),
    def!("discord_bot_token", ["discord", "Discord", "DISCORD", "Bot "],
        r"(?:(?i:discord)[\w.\-]{0,40}?[^A-Za-z0-9_\-.]{1,8}|Bot )([MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})",
        left: Bound::Any, risk: 85),
    def!("telegram_bot_token", [":AA"], r"[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}", at: At::Around { back: 11, fwd: 40 }, left: Bound::Alnum, risk: 80),
    def!("twilio_api_key", ["SK"], r"SK[0-9a-fA-F]{32}", left: Bound::Alnum, right: Bound::Alnum, risk: 80),
    def!("twilio_auth_token", ["twilio", "Twilio", "TWILIO"],
        concat!(r"(?i:twilio)", assign!(), r"([a-f0-9]{32})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 80),
    def!("sendgrid_api_key", ["SG."], r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}", left: Bound::Alnum, risk: 85),
    def!("mailgun_api_key", ["key-"], r"key-[0-9a-f]{32}", left: Bound::Alnum, risk: 80),
    def!("mailchimp_api_key", ["-us"], r"[0-9a-f]{32}-us[0-9]{1,2}", at: At::Around { back: 32, fwd: 6 }, left: Bound::Alnum, right: Bound::Alnum, risk: 80),
    // ---- LLM providers ----
    def!("openai_api_key", ["T3BlbkFJ"],
        r"sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}",
        at: At::Around { back: 220, fwd: 210 }, risk: 90),
    def!("anthropic_api_key", ["sk-ant-api"], r"sk-ant-api[0-9]{2}-[A-Za-z0-9_\-]{80,110}AA", risk: 90),
    def!("anthropic_admin_key", ["sk-ant-admin"], r"sk-ant-admin[0-9]{2}-[A-Za-z0-9_\-]{80,110}AA", risk: 95),
    def!("huggingface_token", ["hf_", "api_org_"], r"(?:hf_|api_org_)[A-Za-z]{34}", risk: 80),
    def!("groq_api_key", ["gsk_"], r"gsk_[A-Za-z0-9]{52}", risk: 80),
    def!("replicate_api_token", ["r8_"], r"r8_[A-Za-z0-9]{37}", risk: 80),
    def!("perplexity_api_key", ["pplx-"], r"pplx-[A-Za-z0-9]{48}", risk: 80),
    def!("xai_api_key", ["xai-"], r"xai-[A-Za-z0-9]{80}", risk: 80),
    def!("cohere_api_key", ["cohere", "Cohere", "COHERE", "co_api_key", "CO_API_KEY"],
        concat!(r"(?i:cohere|co_api_key)", assign!(), r"([A-Za-z0-9]{40})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 80),
    def!("langsmith_api_key", ["lsv2_"], r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", risk: 75),
    // ---- monitoring ----
    def!("datadog_api_key", ["datadog", "Datadog", "DATADOG", "dd_api_key", "DD_API_KEY"],
        concat!(r"(?i:datadog|dd_api_key)", assign!(), r"([a-f0-9]{32})"),
        left: Bound::Any, right: Bound::Alnum, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 75),
    def!("datadog_app_key", ["datadog", "Datadog", "DATADOG", "dd_app_key", "DD_APP_KEY"],
        concat!(r"(?i:datadog|dd_app_key)", assign!(), r"([a-f0-9]{40})"),
        left: Bound::Any, right: Bound::Alnum, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 75),
    def!("newrelic_user_api_key", ["NRAK-"], r"NRAK-[A-Z0-9]{27}", risk: 80),
    def!("newrelic_insert_key", ["NRII-"], r"NRII-[A-Za-z0-9_\-]{32}", risk: 75),
    def!("newrelic_license_key", ["NRAL"], r"[a-f0-9]{36}NRAL", at: At::Around { back: 36, fwd: 4 }, left: Bound::Alnum, risk: 75),
    def!("sentry_dsn", ["ingest.", "sentry"],
        r"https?://([a-f0-9]{32})(?::[a-f0-9]{32})?@[A-Za-z0-9.\-]{1,100}(?::[0-9]{1,5})?/[0-9]{1,12}",
        at: At::Around { back: 100, fwd: 140 }, left: Bound::Any, right: Bound::Any, risk: 40),
    def!("sentry_auth_token", ["sntrys_", "sntryu_"], r"(?:sntrys_eyJ[A-Za-z0-9+/=_]{60,}_[A-Za-z0-9+/]{43}|sntryu_[a-f0-9]{64})",
        at: At::Start { fwd: 520 }, right: Bound::Base64, risk: 80),
    def!("grafana_cloud_token", ["glc_"], r"glc_[A-Za-z0-9+/]{32,}={0,2}", at: At::Start { fwd: 420 }, right: Bound::Base64, risk: 80),
    def!("grafana_service_account_token", ["glsa_"], r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", risk: 80),
    // ---- developer platforms ----
    def!("linear_api_key", ["lin_api_"], r"lin_api_[A-Za-z0-9]{40}", risk: 75),
    def!("notion_token", ["secret_", "ntn_"], r"(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46})", left: Bound::Alnum, risk: 75),
    def!("vault_service_token", ["hvs."], r"hvs\.[A-Za-z0-9_\-]{24,}", risk: 90),
    def!("vault_batch_token", ["hvb."], r"hvb\.[A-Za-z0-9_\-]{100,}", at: At::Start { fwd: 420 }, risk: 85),
    def!("doppler_token", ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
        r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}", left: Bound::Alnum, risk: 85),
    def!("pulumi_access_token", ["pul-"], r"pul-[a-f0-9]{40}", risk: 85),
    def!("terraform_cloud_token", [".atlasv1."], r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}",
        at: At::Around { back: 14, fwd: 80 }, right: Bound::Token, risk: 85),
    def!("age_secret_key", ["AGE-SECRET-KEY-1"], r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        check: Check::Bech32, confidence: HIGH, risk: 95),
    def!("onepassword_service_account_token", ["ops_eyJ"], r"ops_eyJ[A-Za-z0-9+/=_\-]{250,}", at: At::Start { fwd: 1300 }, right: Bound::Base64, risk: 90),
    def!("onepassword_secret_key", ["A3-"], r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
        left: Bound::Alnum, risk: 90),
    def!("okta_api_token", ["okta", "Okta", "OKTA"],
        concat!(r"(?i:okta)", assign!(), r"(00[A-Za-z0-9_\-]{40})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 85),
    def!("supabase_access_token", ["sbp_"], r"sbp_[a-f0-9]{40}", risk: 85),
    def!("supabase_secret_key", ["sb_secret_"], r"sb_secret_[A-Za-z0-9_\-]{31,64}", risk: 85),
    def!("vercel_token", ["vercel", "Vercel", "VERCEL"],
        concat!(r"(?i:vercel)", assign!(), r"([A-Za-z0-9]{24})"),
        left: Bound::Any, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 80),
    def!("netlify_token", ["nfp_", "netlify", "Netlify", "NETLIFY"],
        concat!(r"(?:nfp_[A-Za-z0-9]{36}|(?i:netlify)", assign!(), r"([A-Za-z0-9_\-]{40,46}))"),
        left: Bound::Any, risk: 80),
    def!("flyio_token", ["fo1_", "FlyV1 fm"], r"(?:fo1_[A-Za-z0-9_\-]{43}|FlyV1 fm[12][ar]?_[A-Za-z0-9+/=_\-]{100,})",
        at: At::Start { fwd: 2100 }, right: Bound::Base64, risk: 85),
    def!("postman_api_key", ["PMAK-"], r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", risk: 80),
    def!("figma_token", ["figd_"], r"figd_[A-Za-z0-9_\-]{40}", risk: 75),
    def!("airtable_token", ["pat"], r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}", left: Bound::Alnum, risk: 80),
    def!("mapbox_secret_token", ["sk.eyJ"], r"sk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,100}", at: At::Start { fwd: 320 }, risk: 80),
    def!("algolia_admin_key", ["algolia", "Algolia", "ALGOLIA"],
        concat!(r"(?i:algolia)", assign!(), r"([a-f0-9]{32})"),
        left: Bound::Any, right: Bound::Alnum, check: Check::Entropy(30), confidence: LOW, route: Route::Name, risk: 75),
    def!("firebase_cloud_messaging_key", [":APA91b"], r"AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134}",
        at: At::Around { back: 11, fwd: 150 }, risk: 75),
    def!("planetscale_token", ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64}", risk: 85),
    def!("tailscale_key", ["tskey-"], r"tskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,60}", risk: 85),
    def!("prefect_api_key", ["pnu_"], r"pnu_[A-Za-z0-9]{36}", risk: 75),
    // ---- connection strings ----
    def!("postgres_url", ["postgres://", "postgresql://"],
        r"postgres(?:ql)?://[^\s:@/?#]{0,128}:([^\s@/?]{1,128})@", left: Bound::Alnum, right: Bound::Any, risk: 85),
    def!("mysql_url", ["mysql://", "mariadb://", "mysql2://"],
        r"(?:mysql2?|mariadb)://[^\s:@/?#]{0,128}:([^\s@/?]{1,128})@", left: Bound::Alnum, right: Bound::Any, risk: 85),
    def!("mongodb_url", ["mongodb://", "mongodb+srv://"],
        r"mongodb(?:\+srv)?://[^\s:@/?#]{0,128}:([^\s@/?]{1,128})@", left: Bound::Alnum, right: Bound::Any, risk: 85),
    def!("redis_url", ["redis://", "rediss://"],
        r"rediss?://[^\s:@/?#]{0,128}:([^\s@/?]{1,128})@", left: Bound::Alnum, right: Bound::Any, risk: 80),
    def!("amqp_url", ["amqp://", "amqps://"],
        r"amqps?://[^\s:@/?#]{0,128}:([^\s@/?]{1,128})@", left: Bound::Alnum, right: Bound::Any, risk: 80),
    def!("url_basic_auth", ["https://", "http://", "ftp://", "sftp://", "ssh://"],
        r"(?:https?|s?ftp|ssh)://[^\s:@/?#]{1,128}:([^\s@/?]{3,128})@[A-Za-z0-9]", left: Bound::Alnum, right: Bound::Any, confidence: LOW, risk: 75),
    // ---- tokens ----
    def!("jwt", ["eyJ"], r"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{2,}\.[A-Za-z0-9_\-]{0,}",
        at: At::Start { fwd: 16_400 }, check: Check::Jwt, risk: 70),
    // ---- HTTP headers ----
    def!("authorization_header", ["Authorization", "authorization", "AUTHORIZATION"],
        r#"(?i:authorization)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?(?i:bearer|basic|token)[ \t]{1,4}([A-Za-z0-9._~+/\-]{8,}=*)"#,
        at: At::Start { fwd: 2200 }, left: Bound::Any, right: Bound::Any, check: Check::AuthHeader, risk: 75),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_unique_except_shared_formats() {
        let mut kinds: Vec<&str> = DEFS.iter().map(|d| d.kind).collect();
        kinds.sort_unstable();
        let before = kinds.len();
        kinds.dedup();
        assert_eq!(before, kinds.len(), "duplicate kind in DEFS");
    }

    #[test]
    fn codes_match_kinds() {
        for d in DEFS {
            assert_eq!(d.code, format!("secret.{}", d.kind));
            assert!(!d.keywords.is_empty(), "{} has no keyword", d.kind);
        }
    }
}
