//! Stage 1: bytes → text. [`decode`] turns a [`RawDocument`] into a [`DecodedText`], detecting
//! UTF-8 (with or without BOM), UTF-16 (with BOM) and GB18030/GBK, and refusing binary input.

use thiserror::Error;

/// A file's bytes as read, with the path the user named.
#[derive(Clone, Debug)]
pub struct RawDocument {
    /// The path as the user gave it (used in messages and provenance).
    pub source: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Decoded text with what was learned while decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, BOM removed, line ends untouched.
    pub text: String,
    /// Name of the encoding (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`).
    pub encoding: &'static str,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replacements: usize,
}

/// Why a file could not be read as text.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The file is not text (an image, an archive, ...).
    #[error(
        "{source}: not a text file ({reason}); give govkg plain-text reports (UTF-8, UTF-16 or GBK)"
    )]
    Binary {
        /// The file.
        source: String,
        /// What gave it away.
        reason: String,
    },
}

/// Decodes a document. See the module docs for the order of detection.
pub fn decode(raw: &RawDocument) -> Result<DecodedText, DecodeError> {
    // Placeholder until the real detector lands: UTF-8 only.
    use sha2::{Digest, Sha256};
    let sha256 = Sha256::digest(&raw.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(DecodedText {
        text: String::from_utf8_lossy(&raw.bytes).into_owned(),
        encoding: "UTF-8",
        sha256,
        replacements: 0,
    })
}
