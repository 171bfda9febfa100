//! Key files, including ones made by the real `openssl` and `ssh-keygen` binaries.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use portcullis_ledger::{PublicKey, SigningKey, keygen};

fn run(cmd: &str, args: &[&str], dir: &Path) {
    let out = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn keygen_writes_0600_private_and_public_keys() {
    let dir = tempfile::tempdir().unwrap();
    let files = keygen(dir.path()).unwrap();
    assert_eq!(mode(&files.private_key), 0o600);
    assert_eq!(mode(&files.public_key), 0o644);
    let sk = SigningKey::load(&files.private_key).unwrap();
    let pk = PublicKey::load(&files.public_key).unwrap();
    assert_eq!(sk.key_id(), &files.key_id);
    assert_eq!(pk.key_id(), &files.key_id);
    assert_eq!(files.key_id.as_str().len(), 16);
    // Never overwrites.
    assert_eq!(keygen(dir.path()).unwrap_err().code(), "key_exists");
    // OpenSSL reads what we wrote (PKCS#8 v1) and derives the same public key.
    let out = Command::new("openssl")
        .args(["pkey", "-in"])
        .arg(&files.private_key)
        .arg("-pubout")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, fs::read(&files.public_key).unwrap());
}

#[test]
fn refuses_group_or_world_readable_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let files = keygen(dir.path()).unwrap();
    fs::set_permissions(&files.private_key, fs::Permissions::from_mode(0o640)).unwrap();
    let err = SigningKey::load(&files.private_key).unwrap_err();
    assert_eq!(err.code(), "key_permissions");
    assert_eq!(
        err.help().unwrap(),
        format!("chmod 600 {}", files.private_key.display())
    );
    fs::set_permissions(&files.private_key, fs::Permissions::from_mode(0o604)).unwrap();
    assert_eq!(
        SigningKey::load(&files.private_key).unwrap_err().code(),
        "key_permissions"
    );
    fs::set_permissions(&files.private_key, fs::Permissions::from_mode(0o400)).unwrap();
    assert!(SigningKey::load(&files.private_key).is_ok());
}

#[test]
fn openssl_keys_pem_and_der() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(
        "openssl",
        &["genpkey", "-algorithm", "ed25519", "-out", "k.pem"],
        d,
    );
    run(
        "openssl",
        &["pkey", "-in", "k.pem", "-pubout", "-out", "k.pub.pem"],
        d,
    );
    run(
        "openssl",
        &["pkey", "-in", "k.pem", "-outform", "DER", "-out", "k.der"],
        d,
    );
    run(
        "openssl",
        &[
            "pkey",
            "-in",
            "k.pem",
            "-pubout",
            "-outform",
            "DER",
            "-out",
            "k.pub.der",
        ],
        d,
    );
    for f in ["k.pem", "k.der"] {
        fs::set_permissions(d.join(f), fs::Permissions::from_mode(0o600)).unwrap();
    }
    let pem = SigningKey::load(&d.join("k.pem")).unwrap();
    let der = SigningKey::load(&d.join("k.der")).unwrap();
    let pub_pem = PublicKey::load(&d.join("k.pub.pem")).unwrap();
    let pub_der = PublicKey::load(&d.join("k.pub.der")).unwrap();
    assert_eq!(pem.key_id(), der.key_id());
    assert_eq!(pem.public_key(), &pub_pem);
    assert_eq!(pem.public_key(), &pub_der);
    // Our signature verifies with `openssl pkeyutl`; a changed message does not.
    let msg = br#"{"seq":1,"time":"2026-01-01T00:00:00Z"}"#;
    fs::write(d.join("msg"), msg).unwrap();
    fs::write(d.join("sig"), pem.sign(msg)).unwrap();
    run(
        "openssl",
        &[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "k.pub.pem",
            "-rawin",
            "-in",
            "msg",
            "-sigfile",
            "sig",
        ],
        d,
    );
    fs::write(d.join("msg"), b"{\"seq\":2}").unwrap();
    let out = Command::new("openssl")
        .args([
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "k.pub.pem",
            "-rawin",
            "-in",
            "msg",
            "-sigfile",
            "sig",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn ssh_keygen_keys() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", "id"],
        d,
    );
    let sk = SigningKey::load(&d.join("id")).unwrap();
    let pk = PublicKey::load(&d.join("id.pub")).unwrap();
    assert_eq!(sk.public_key(), &pk);
    // Our OpenSSH public line is one ssh-keygen understands, with the same fingerprint.
    fs::write(d.join("ours.pub"), format!("{}\n", pk.to_openssh())).unwrap();
    let fp = |f: &str| {
        let out = Command::new("ssh-keygen")
            .args(["-l", "-f", f])
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .to_owned()
    };
    assert_eq!(fp("ours.pub"), fp("id.pub"));
    // Raw hex works too.
    fs::write(d.join("raw.hex"), pk.to_hex()).unwrap();
    assert_eq!(PublicKey::load(&d.join("raw.hex")).unwrap(), pk);
}

#[test]
fn encrypted_ssh_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "correct horse", "-f", "enc"],
        d,
    );
    let err = SigningKey::load(&d.join("enc")).unwrap_err();
    assert_eq!(err.code(), "key_encrypted");
}

#[test]
fn non_ed25519_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(
        "ssh-keygen",
        &["-q", "-t", "ecdsa", "-N", "", "-f", "ec"],
        d,
    );
    assert_eq!(
        SigningKey::load(&d.join("ec")).unwrap_err().code(),
        "key_format"
    );
    assert_eq!(
        PublicKey::load(&d.join("ec.pub")).unwrap_err().code(),
        "key_format"
    );
    run(
        "openssl",
        &["genpkey", "-algorithm", "ed448", "-out", "ed448.pem"],
        d,
    );
    fs::set_permissions(d.join("ed448.pem"), fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(
        SigningKey::load(&d.join("ed448.pem")).unwrap_err().code(),
        "key_format"
    );
}
