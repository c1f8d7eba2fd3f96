//! Non-ASCII characters that pass for ASCII ones in a domain or an ID, so the validation error
//! can name the character and suggest the value typed in plain ASCII.

/// The kind of a non-ASCII character found in an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unusual {
    /// A zero-width or formatting character that does not show on screen.
    Invisible,
    /// A character that looks like this ASCII character.
    LooksLike(char),
    /// Any other non-ASCII character.
    Other,
}

/// Classifies a non-ASCII character. The table covers the Cyrillic, Greek and Latin letters
/// most often used in look-alike domains, full-width forms, and Unicode dashes and dots.
pub(super) fn classify(character: char) -> Unusual {
    if is_invisible(character) {
        return Unusual::Invisible;
    }
    match ascii_look_alike(character) {
        Some(ascii) => Unusual::LooksLike(ascii),
        None => Unusual::Other,
    }
}

/// Replaces every look-alike character with its ASCII twin; `None` when a character has none.
pub(super) fn to_ascii(value: &str) -> Option<String> {
    value
        .chars()
        .filter(|character| !is_invisible(*character))
        .map(|character| {
            if character.is_ascii() {
                Some(character)
            } else {
                ascii_look_alike(character)
            }
        })
        .collect()
}

fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

fn ascii_look_alike(character: char) -> Option<char> {
    // Full-width forms U+FF01..U+FF5E are ASCII 0x21..0x7E shifted by 0xFEE0.
    if ('\u{FF01}'..='\u{FF5E}').contains(&character) {
        return char::from_u32(character as u32 - 0xFEE0);
    }
    let ascii = match character {
        // Cyrillic
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        // Greek
        'α' => 'a',
        'ο' => 'o',
        'ν' => 'v',
        'ρ' => 'p',
        'ι' => 'i',
        'κ' => 'k',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Latin letters without an ASCII form, and letter-like symbols
        'ı' => 'i',
        'ȷ' => 'j',
        'ɡ' => 'g',
        'ℓ' => 'l',
        // Dashes, dots and slashes; IDNA maps the ideographic full stop to a dot.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{3002}' | '\u{FF61}' | '\u{2024}' => '.',
        '\u{2044}' | '\u{2215}' => '/',
        _ => return None,
    };
    Some(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_a_looks_like_latin_a() {
        assert_eq!(classify('а'), Unusual::LooksLike('a'));
    }

    #[test]
    fn zero_width_space_is_invisible() {
        assert_eq!(classify('\u{200B}'), Unusual::Invisible);
    }

    #[test]
    fn full_width_letters_map_to_ascii() {
        assert_eq!(
            to_ascii("ａｃｍｅ．okta.com").as_deref(),
            Some("acme.okta.com")
        );
    }

    #[test]
    fn unrelated_letter_has_no_ascii_twin() {
        assert_eq!(classify('ж'), Unusual::Other);
        assert_eq!(to_ascii("жcme.okta.com"), None);
    }
}
