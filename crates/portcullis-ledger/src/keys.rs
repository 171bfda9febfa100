//! Ed25519 key files: generation, loading (PKCS#8, SPKI, OpenSSH, hex) and key ids.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::LedgerError;
use crate::canonical::sha256_hex;

/// Largest key file read (a PEM Ed25519 key is ~120 bytes; OpenSSH ~400).
const MAX_KEY_FILE: u64 = 64 * 1024;

/// The id of a public key: the first 16 hex digits of SHA-256 of the raw 32-byte key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyId(String);

impl KeyId {
    /// The id of a raw Ed25519 public key.
    pub fn of(raw_public_key: &[u8; 32]) -> KeyId {
        let mut h = sha256_hex(raw_public_key);
        h.truncate(16);
        KeyId(h)
    }

    /// The 16 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The files [`keygen`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFiles {
    /// The private key: PKCS#8 v1 PEM, mode 0600.
    pub private_key: PathBuf,
    /// The public key: SPKI PEM (`openssl pkey -pubin` reads it).
    pub public_key: PathBuf,
    /// The key id entries will carry.
    pub key_id: KeyId,
}

/// Writes a new Ed25519 key pair to `dir/ledger.key` and `dir/ledger.pub`.
///
/// The private key is created with mode 0600 in one `open(2)` (never readable by others, not
/// even briefly) and refuses to overwrite an existing file (code `key_exists`). The directory
/// must exist.
pub fn keygen(dir: &Path) -> Result<KeyFiles, LedgerError> {
    keygen_named(dir, "ledger")
}

/// Like [`keygen`], writing `dir/NAME.key` and `dir/NAME.pub`.
pub fn keygen_named(dir: &Path, name: &str) -> Result<KeyFiles, LedgerError> {
    let key = SigningKey::generate()?;
    let private_key = dir.join(format!("{name}.key"));
    let public_key = dir.join(format!("{name}.pub"));
    let pem = key.to_pkcs8_pem()?;
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let mut f = opts
        .open(&private_key)
        .map_err(|e| LedgerError::key_io(&private_key, e))?;
    f.write_all(pem.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| LedgerError::key_io(&private_key, e))?;
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    opts.mode(0o644);
    let mut f = opts
        .open(&public_key)
        .map_err(|e| LedgerError::key_io(&public_key, e))?;
    f.write_all(key.public_key().to_spki_pem().as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| LedgerError::key_io(&public_key, e))?;
    Ok(KeyFiles {
        private_key,
        public_key,
        key_id: key.key_id().clone(),
    })
}

/// An Ed25519 private key that signs ledger entries.
pub struct SigningKey {
    dalek: ed25519_dalek::SigningKey,
    #[cfg(feature = "aws-lc")]
    fast: aws_lc_rs::signature::Ed25519KeyPair,
    public: PublicKey,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("key_id", &self.public.id)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A fresh random key (OS randomness).
    pub fn generate() -> Result<SigningKey, LedgerError> {
        let mut seed = Zeroizing::new([0_u8; 32]);
        getrandom::fill(seed.as_mut())
            .map_err(|e| LedgerError::key("key_io", format!("cannot get randomness: {e}"), None))?;
        SigningKey::from_seed(&seed)
    }

    /// The key with this 32-byte seed (the Ed25519 private key proper).
    pub fn from_seed(seed: &[u8; 32]) -> Result<SigningKey, LedgerError> {
        let dalek = ed25519_dalek::SigningKey::from_bytes(seed);
        let raw_public = dalek.verifying_key().to_bytes();
        #[cfg(feature = "aws-lc")]
        let fast =
            aws_lc_rs::signature::Ed25519KeyPair::from_seed_and_public_key(seed, &raw_public)
                .map_err(|e| {
                    LedgerError::key("key_format", format!("signer refused key: {e}"), None)
                })?;
        Ok(SigningKey {
            dalek,
            #[cfg(feature = "aws-lc")]
            fast,
            public: PublicKey::from_bytes(&raw_public)?,
        })
    }

    /// Loads a private key file: PKCS#8 PEM or DER (`openssl genpkey -algorithm ed25519`) or an
    /// unencrypted OpenSSH private key (`ssh-keygen -t ed25519`).
    ///
    /// Refuses a file that group or others may read (code `key_permissions`, help
    /// `chmod 600 FILE`), encrypted keys (`key_encrypted`) and other key types (`key_format`).
    pub fn load(path: &Path) -> Result<SigningKey, LedgerError> {
        let file = File::open(path).map_err(|e| LedgerError::key_io(path, e))?;
        #[cfg(unix)]
        {
            // Checked on the open descriptor, so the file we read is the file we checked.
            let mode = file
                .metadata()
                .map_err(|e| LedgerError::key_io(path, e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(LedgerError::key(
                    "key_permissions",
                    format!(
                        "private key `{}` is accessible by group or others (mode {:03o})",
                        path.display(),
                        mode & 0o777
                    ),
                    Some(format!("chmod 600 {}", path.display())),
                ));
            }
        }
        let bytes = read_bounded(file, path)?;
        SigningKey::parse(&bytes).map_err(|e| match e {
            LedgerError::Key(k) => LedgerError::key(
                k.code(),
                format!("private key `{}`: {}", path.display(), k.message()),
                k.help().map(str::to_owned),
            ),
            other => other,
        })
    }

    /// Parses private key bytes in any format [`SigningKey::load`] accepts.
    pub fn parse(bytes: &[u8]) -> Result<SigningKey, LedgerError> {
        let text = std::str::from_utf8(bytes).ok().map(str::trim);
        match text {
            Some(t) if t.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") => parse_openssh(t),
            Some(t) if t.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") => Err(encrypted()),
            Some(t) if t.starts_with("-----BEGIN PRIVATE KEY-----") => {
                let k = ed25519_dalek::SigningKey::from_pkcs8_pem(t).map_err(format_err)?;
                SigningKey::from_seed(&Zeroizing::new(k.to_bytes()))
            }
            Some(t) if t.starts_with("-----BEGIN") => Err(LedgerError::key(
                "key_format",
                "unsupported PEM type; expected an Ed25519 `PRIVATE KEY` or `OPENSSH PRIVATE KEY`"
                    .into(),
                Some(
                    "create one with `portcullis keygen` or `openssl genpkey -algorithm ed25519`"
                        .into(),
                ),
            )),
            _ => {
                let k = ed25519_dalek::SigningKey::from_pkcs8_der(bytes).map_err(format_err)?;
                SigningKey::from_seed(&Zeroizing::new(k.to_bytes()))
            }
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The key id.
    pub fn key_id(&self) -> &KeyId {
        &self.public.id
    }

    /// Signs `message` (Ed25519, RFC 8032; deterministic).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        // An Ed25519 signature is always 64 bytes; dalek signs only if that ever failed.
        #[cfg(feature = "aws-lc")]
        if let Ok(bytes) = <[u8; 64]>::try_from(self.fast.sign(message).as_ref()) {
            return bytes;
        }
        ed25519_dalek::Signer::sign(&self.dalek, message).to_bytes()
    }

    /// The private key as PKCS#8 v1 PEM (what `openssl genpkey` writes and OpenSSL 3.0 reads).
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, LedgerError> {
        let bytes = ed25519_dalek::pkcs8::KeypairBytes {
            secret_key: self.dalek.to_bytes(),
            public_key: None,
        };
        bytes
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| LedgerError::key("key_format", format!("cannot encode key: {e}"), None))
    }
}

/// An Ed25519 public key that verifies ledger entries.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: ed25519_dalek::VerifyingKey,
    id: KeyId,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("key_id", &self.id)
            .finish_non_exhaustive()
    }
}

impl PublicKey {
    /// Loads a public key file: SPKI PEM or DER (`openssl pkey -pubout`), an OpenSSH `.pub`
    /// line, or the raw key as 64 hex digits.
    pub fn load(path: &Path) -> Result<PublicKey, LedgerError> {
        let file = File::open(path).map_err(|e| LedgerError::key_io(path, e))?;
        let bytes = read_bounded(file, path)?;
        PublicKey::parse(&bytes).map_err(|e| match e {
            LedgerError::Key(k) => LedgerError::key(
                k.code(),
                format!("public key `{}`: {}", path.display(), k.message()),
                k.help().map(str::to_owned),
            ),
            other => other,
        })
    }

    /// Parses public key bytes in any format [`PublicKey::load`] accepts.
    pub fn parse(bytes: &[u8]) -> Result<PublicKey, LedgerError> {
        let text = std::str::from_utf8(bytes).ok().map(str::trim);
        match text {
            Some(t) if t.starts_with("-----BEGIN PUBLIC KEY-----") => {
                let k = ed25519_dalek::VerifyingKey::from_public_key_pem(t).map_err(format_err)?;
                PublicKey::from_bytes(k.as_bytes())
            }
            Some(t) if t.starts_with("ssh-") => {
                let k = ssh_key::PublicKey::from_openssh(t).map_err(format_err)?;
                let raw = k.key_data().ed25519().ok_or_else(|| {
                    LedgerError::key(
                        "key_format",
                        format!("OpenSSH key type `{}` is not Ed25519", k.algorithm()),
                        None,
                    )
                })?;
                PublicKey::from_bytes(&raw.0)
            }
            Some(t) if t.len() == 64 && t.bytes().all(|c| c.is_ascii_hexdigit()) => {
                let mut raw = [0_u8; 32];
                hex::decode_to_slice(t, &mut raw).map_err(format_err)?;
                PublicKey::from_bytes(&raw)
            }
            Some(t) if t.starts_with("-----BEGIN") => Err(LedgerError::key(
                "key_format",
                "unsupported PEM type; expected an Ed25519 `PUBLIC KEY`".into(),
                None,
            )),
            _ => {
                let k =
                    ed25519_dalek::VerifyingKey::from_public_key_der(bytes).map_err(format_err)?;
                PublicKey::from_bytes(k.as_bytes())
            }
        }
    }

    /// The key from its raw 32 bytes (refuses bytes that are not a curve point).
    pub fn from_bytes(raw: &[u8; 32]) -> Result<PublicKey, LedgerError> {
        let key = ed25519_dalek::VerifyingKey::from_bytes(raw).map_err(format_err)?;
        Ok(PublicKey {
            key,
            id: KeyId::of(raw),
        })
    }

    /// The key id.
    pub fn key_id(&self) -> &KeyId {
        &self.id
    }

    /// The raw 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Verifies an Ed25519 signature strictly (RFC 8032 with small-order and malleability
    /// checks: `verify_strict`).
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        self.key.verify_strict(message, &sig).is_ok()
    }

    /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn to_spki_pem(&self) -> String {
        self.key
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
    }

    /// An OpenSSH `.pub` line: `ssh-ed25519 BASE64 portcullis-ledger`.
    pub fn to_openssh(&self) -> String {
        let raw = self.key.to_bytes();
        let mut blob = Vec::with_capacity(51);
        for part in [b"ssh-ed25519".as_slice(), raw.as_slice()] {
            blob.extend_from_slice(&(part.len() as u32).to_be_bytes());
            blob.extend_from_slice(part);
        }
        format!(
            "ssh-ed25519 {} portcullis-ledger",
            base64::engine::general_purpose::STANDARD.encode(blob)
        )
    }

    /// The raw key as 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.key.to_bytes())
    }
}

fn read_bounded(file: File, path: &Path) -> Result<Zeroizing<Vec<u8>>, LedgerError> {
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_KEY_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LedgerError::key_io(path, e))?;
    if bytes.len() as u64 > MAX_KEY_FILE {
        return Err(LedgerError::key(
            "key_format",
            format!("key file `{}` is larger than 64 KiB", path.display()),
            None,
        ));
    }
    Ok(bytes)
}

fn parse_openssh(text: &str) -> Result<SigningKey, LedgerError> {
    let k = ssh_key::PrivateKey::from_openssh(text).map_err(format_err)?;
    if k.is_encrypted() {
        return Err(encrypted());
    }
    let pair = k.key_data().ed25519().ok_or_else(|| {
        LedgerError::key(
            "key_format",
            format!("OpenSSH key type `{}` is not Ed25519", k.algorithm()),
            None,
        )
    })?;
    let seed = Zeroizing::new(pair.private.to_bytes());
    let key = SigningKey::from_seed(&seed)?;
    // ssh-key without its `ed25519` feature does not check that the halves belong together.
    if key.public_key().to_bytes() != pair.public.0 {
        return Err(LedgerError::key(
            "key_mismatch",
            "the public half of the OpenSSH key does not match its private half".into(),
            None,
        ));
    }
    Ok(key)
}

fn encrypted() -> LedgerError {
    LedgerError::key(
        "key_encrypted",
        "encrypted private keys are not supported".into(),
        Some("store the key unencrypted with mode 0600, or use `portcullis keygen`".into()),
    )
}

fn format_err(e: impl fmt::Display) -> LedgerError {
    LedgerError::key("key_format", format!("not a valid Ed25519 key: {e}"), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 §7.1 test 1.
    const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const SIG_EMPTY: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    fn rfc_key() -> SigningKey {
        let mut seed = [0_u8; 32];
        hex::decode_to_slice(SEED, &mut seed).unwrap();
        SigningKey::from_seed(&seed).unwrap()
    }

    #[test]
    fn rfc8032_test_vector() {
        let k = rfc_key();
        assert_eq!(k.public_key().to_hex(), PUBLIC);
        assert_eq!(hex::encode(k.sign(b"")), SIG_EMPTY);
        let sig: [u8; 64] = hex::decode(SIG_EMPTY).unwrap().try_into().unwrap();
        assert!(k.public_key().verify(b"", &sig));
        assert!(!k.public_key().verify(b"x", &sig));
    }

    #[test]
    fn signers_agree() {
        let k = rfc_key();
        let msg = b"{\"seq\":1}";
        let dalek = ed25519_dalek::Signer::sign(&k.dalek, msg).to_bytes();
        assert_eq!(k.sign(msg), dalek);
    }

    #[test]
    fn public_key_formats_round_trip() {
        let k = rfc_key();
        let p = k.public_key();
        for text in [p.to_spki_pem(), p.to_openssh(), p.to_hex()] {
            let back = PublicKey::parse(text.as_bytes()).unwrap();
            assert_eq!(&back, p, "{text}");
        }
        assert_eq!(p.key_id().as_str().len(), 16);
        assert_eq!(
            p.key_id().as_str(),
            sha256_hex(&p.to_bytes()).get(..16).unwrap()
        );
    }

    #[test]
    fn private_pem_round_trips_as_v1() {
        let k = rfc_key();
        let pem = k.to_pkcs8_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        // v1 PKCS#8 for Ed25519 is 48 bytes of DER: base64 of 48 bytes is 64 characters.
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(body.len(), 64, "{}", &*pem);
        let back = SigningKey::parse(pem.as_bytes()).unwrap();
        assert_eq!(back.key_id(), k.key_id());
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(
            SigningKey::parse(b"hello").unwrap_err().code(),
            "key_format"
        );
        assert_eq!(PublicKey::parse(b"").unwrap_err().code(), "key_format");
        assert_eq!(
            PublicKey::parse(b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----")
                .unwrap_err()
                .code(),
            "key_format"
        );
        assert_eq!(
            SigningKey::parse(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n")
                .unwrap_err()
                .code(),
            "key_encrypted"
        );
    }
}
