//! 统一社会信用代码 (unified social credit code, GB 32100-2015): the check character, and the
//! division code that ties a registered organisation to its place.
//!
//! Eighteen characters from `0-9A-HJ-NP-RTUW-Y` (no I, O, Z, S, V): registration authority,
//! organisation category, the six-digit GB/T 2260 code of the registering authority (chars
//! 3–8), the nine-character organisation code, then a check character over the first 17.

/// The code's alphabet; a character's index is its value in the check sum.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Why a code is not a valid 统一社会信用代码.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsccError {
    /// Not eighteen characters long.
    #[error("has {0} characters, a 统一社会信用代码 has 18")]
    Length(usize),
    /// A character outside the code's alphabet (I, O, Z, S, V and lower case are not used).
    #[error(
        "character {ch:?} at position {position} is not allowed (0-9 and A-Y without I, O, S, V, Z)"
    )]
    Character {
        /// The character.
        ch: char,
        /// Its position, counted from 1.
        position: usize,
    },
    /// The 18th character does not match the check sum of the first 17.
    #[error("check character is {found:?} but the first 17 characters give {expected:?}")]
    Check {
        /// The 18th character as written.
        found: char,
        /// What GB 32100-2015 computes.
        expected: char,
    },
}

/// The check character GB 32100-2015 computes for the first 17 characters, or the position
/// of a character outside the alphabet.
pub fn check_character(first17: &str) -> Result<char, UsccError> {
    let mut sum = 0u32;
    let mut weight = 1u32;
    let mut n = 0;
    for (i, ch) in first17.chars().enumerate() {
        let Some(v) = value(ch) else {
            return Err(UsccError::Character {
                ch,
                position: i + 1,
            });
        };
        // weights are 3^i mod 31: 1, 3, 9, 27, 19, 26, ...
        sum += v * weight;
        weight = weight * 3 % 31;
        n += 1;
    }
    if n != 17 {
        return Err(UsccError::Length(n + 1));
    }
    let c = (31 - sum % 31) % 31;
    Ok(char::from(ALPHABET[c as usize]))
}

fn value(ch: char) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == ch)
        .and_then(|p| u32::try_from(p).ok())
}

/// Checks a code (surrounding whitespace ignored, letters must be upper case as printed on
/// licences) and returns it trimmed.
pub fn validate(code: &str) -> Result<&str, UsccError> {
    let code = code.trim();
    let len = code.chars().count();
    if len != 18 {
        return Err(UsccError::Length(len));
    }
    let split = code.char_indices().nth(17).map_or(code.len(), |(b, _)| b);
    let (head, last) = code.split_at(split);
    let expected = check_character(head)?;
    let found = last.chars().next().unwrap_or(' ');
    if value(found).is_none() {
        return Err(UsccError::Character {
            ch: found,
            position: 18,
        });
    }
    if found != expected {
        return Err(UsccError::Check { found, expected });
    }
    Ok(code)
}

/// Whether a string looks like a 统一社会信用代码 at all (18 characters of its alphabet), so
/// that a dataset of other identifiers is not checked against the wrong rule.
pub fn looks_like_uscc(code: &str) -> bool {
    let code = code.trim();
    code.chars().count() == 18
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// The GB/T 2260 code of the registering authority (characters 3–8) of a valid code.
pub fn division_code(code: &str) -> Option<&str> {
    let code = validate(code).ok()?;
    code.get(2..8)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples_are_valid() {
        // vectors quoted with the algorithm (../shared/design/VOCABULARIES.md, C.2)
        for code in [
            "91350100M000100Y43",
            "91350200776049653A",
            "913502000728319549",
            "91350213678251743X",
        ] {
            assert_eq!(validate(code), Ok(code), "{code}");
        }
    }

    #[test]
    fn a_wrong_check_character_is_named() {
        assert_eq!(
            validate("91350100M000100Y4A"),
            Err(UsccError::Check {
                found: 'A',
                expected: '3'
            })
        );
    }

    #[test]
    fn length_and_alphabet_are_checked() {
        assert_eq!(validate("9135010"), Err(UsccError::Length(7)));
        assert!(matches!(
            validate("91350100I000100Y43"),
            Err(UsccError::Character {
                ch: 'I',
                position: 9
            })
        ));
        assert!(matches!(
            validate("91350100M000100Y4中"),
            Err(UsccError::Character { position: 18, .. })
        ));
    }

    #[test]
    fn the_division_is_characters_three_to_eight() {
        assert_eq!(division_code("91350100M000100Y43"), Some("350100"));
        assert_eq!(division_code("91350100M000100Y4A"), None);
    }
}
