//! HMAC-SHA256 signatures for what the service hands out and must later trust: presigned
//! blob and upload URLs (path + expiry) and opaque page tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl Signer {
    pub fn new(secret: &[u8]) -> Signer {
        Signer { key: secret.to_vec() }
    }

    pub fn sign(&self, message: &str) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("hmac takes any key length");
        mac.update(message.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Constant-time check of a signature from `sign`.
    pub fn verify(&self, message: &str, signature: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("hmac takes any key length");
        mac.update(message.as_bytes());
        mac.verify_slice(&bytes).is_ok()
    }

    /// `value` plus its signature, base64url: a token the client cannot forge or alter.
    /// `scope` (e.g. the workspace and list) keeps a token from being replayed elsewhere.
    pub fn seal(&self, scope: &str, value: &str) -> String {
        let signature = self.sign(&format!("{scope}\n{value}"));
        URL_SAFE_NO_PAD.encode(format!("{value}.{signature}"))
    }

    pub fn open(&self, scope: &str, token: &str) -> Option<String> {
        let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
        let (value, signature) = decoded.rsplit_once('.')?;
        self.verify(&format!("{scope}\n{value}"), signature).then(|| value.to_string())
    }
}

/// HMAC-SHA256 hex of `{timestamp}.{body}`: the webhook signature scheme.
pub fn webhook_signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("hmac takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_tokens_refuse_tampering_and_other_scopes() {
        let signer = Signer::new(b"k");
        let token = signer.seal("ws1:jobs", "0190abc");
        assert_eq!(signer.open("ws1:jobs", &token).as_deref(), Some("0190abc"));
        assert_eq!(signer.open("ws2:jobs", &token), None);
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        bytes[0] ^= 1;
        assert_eq!(signer.open("ws1:jobs", &URL_SAFE_NO_PAD.encode(bytes)), None);
        assert_eq!(Signer::new(b"other").open("ws1:jobs", &token), None);
    }
}
