//! HMAC-SHA256 signatures for what the service hands out and must later trust (presigned
//! blob and upload URLs, opaque page tokens) and for the webhooks it sends (the Standard
//! Webhooks scheme, so receivers verify them with that project's libraries unmodified).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
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

/// The `webhook-signature` header of the Standard Webhooks scheme: `v1,` and the base64
/// HMAC-SHA256 of `{id}.{timestamp}.{body}`, keyed with the bytes the endpoint secret
/// (`whsec_<base64>`) encodes.
pub fn webhook_signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    // A secret that is not base64 (none this service made) is used as its bytes.
    let key = STANDARD.decode(encoded).unwrap_or_else(|_| encoded.as_bytes().to_vec());
    let mut mac = HmacSha256::new_from_slice(&key).expect("hmac takes any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
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
