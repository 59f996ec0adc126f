//! TLS for the PostgreSQL driver, in pure Rust (rustls with ring): `sslmode=require` encrypts
//! without checking the certificate, `verify-full` checks it against the hospital's CA file and
//! the host name. MySQL/MariaDB take the same settings through their driver's own options.

use super::url::Tls;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// `require`: the channel is encrypted, the server's certificate is not checked (libpq's meaning).
#[derive(Debug)]
struct EncryptOnly(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// The client configuration for `tls`, None for a plain connection.
pub fn client_config(tls: &Tls) -> Result<Option<ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    Ok(match tls {
        Tls::Off => None,
        Tls::Require => Some(
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider_algorithms(
                    &provider,
                ))))
                .with_no_client_auth(),
        ),
        Tls::VerifyFull { ca } => {
            let mut roots = RootCertStore::empty();
            for cert in read_pem(ca)? {
                roots
                    .add(cert)
                    .map_err(|e| format!("{}: not a CA certificate: {e}", ca.display()))?;
            }
            Some(builder.with_root_certificates(roots).with_no_client_auth())
        }
    })
}

fn provider_algorithms(p: &CryptoProvider) -> WebPkiSupportedAlgorithms {
    p.signature_verification_algorithms
}

fn read_pem(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = crate::platform::files::read(path, crate::platform::files::SMALL).map_err(|e| {
        format!(
            "{}: cannot read the CA certificate (sslrootcert): {}",
            path.display(),
            e.reason()
        )
    })?;
    let certs: Vec<CertificateDer<'static>> =
        rustls_pemfile::certs(&mut std::io::BufReader::new(bytes.as_slice()))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: not a PEM certificate file: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: holds no PEM certificate", path.display()));
    }
    Ok(certs)
}
