//! Reading a page request: the query string (`application/x-www-form-urlencoded`,
//! as an HTML form with `method=get` sends it) and the reader's language,
//! from `?lang=` first and `Accept-Language` otherwise.

use crate::core::i18n::Locale;

/// Decodes `%XX` escapes and `+` (a space, in a form's query); a broken
/// escape is kept as written and invalid UTF-8 is replaced, so any bytes
/// decode to some text for the checks that follow.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query's `name=value` pairs, decoded, in order; pairs with an empty
/// value are left out (an empty form field means "not given").
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (decode(name), decode(value)),
            None => (decode(pair), String::new()),
        })
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| (name, value.trim().to_string()))
        .collect()
}

/// Encodes a value for a query string (everything but unreserved
/// characters is escaped).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The reader's language from `Accept-Language`: the supported language
/// (en, es) with the highest weight, English when none is named.
pub fn accepted(header: Option<&str>) -> Locale {
    let Some(header) = header else {
        return Locale::En;
    };
    let mut best: Option<(f32, Locale)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let lang = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let locale = match lang.as_str() {
            "es" => Locale::Es,
            "en" => Locale::En,
            _ => continue,
        };
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, locale));
        }
    }
    best.map(|(_, locale)| locale).unwrap_or(Locale::En)
}

/// `?lang=` as a locale; `Err` with the value when it names no language
/// of the site.
pub fn chosen(value: &str) -> Result<Locale, String> {
    match value.to_ascii_lowercase().as_str() {
        "en" => Ok(Locale::En),
        "es" => Ok(Locale::Es),
        _ => Err(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_escapes_decode() {
        assert_eq!(decode("crown+tattoo"), "crown tattoo");
        assert_eq!(decode("Garc%C3%ADa"), "García");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(
            pairs("from=2025-03&to=&tag=court&x"),
            vec![
                ("from".to_string(), "2025-03".to_string()),
                ("tag".to_string(), "court".to_string())
            ]
        );
        assert_eq!(encode("a b/é"), "a%20b%2F%C3%A9");
        assert_eq!(decode(&encode("a b/é&=")), "a b/é&=");
    }

    #[test]
    fn the_heaviest_supported_language_wins() {
        assert_eq!(accepted(None), Locale::En);
        assert_eq!(accepted(Some("es-ES,es;q=0.9,en;q=0.8")), Locale::Es);
        assert_eq!(accepted(Some("fr-FR,en;q=0.5,es;q=0.7")), Locale::Es);
        assert_eq!(accepted(Some("fr, de")), Locale::En);
        assert_eq!(accepted(Some("es;q=0, en;q=0.1")), Locale::En);
        assert_eq!(chosen("ES"), Ok(Locale::Es));
        assert_eq!(chosen("fr"), Err("fr".to_string()));
    }
}
