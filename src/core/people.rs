//! Finding people by what users type: a full name, a surname, an alias,
//! with or without accents (`garcia`, `hernandez`, `andry`, `Takano`).

use unicode_normalization::UnicodeNormalization;

use crate::core::model::Person;

/// Lowercase, accents removed, punctuation turned into spaces, spaces
/// collapsed: `Hernández-Romero, Rep.` → `hernandez romero rep`.
pub fn fold(text: &str) -> String {
    let stripped: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "A and B" (or "A y B"): names for a sentence.
pub fn name_list(people: &[&Person], loc: crate::core::i18n::Locale) -> String {
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    names.join(&crate::core::messages::answers::AnswersMsg::And.say(loc))
}

/// The result of looking a person up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonMatch<'a> {
    One(&'a Person),
    /// Several people fit equally well (`romero`).
    Many(Vec<&'a Person>),
    /// Nobody fits; the closest names, best first.
    None {
        closest: Vec<&'a Person>,
    },
}

fn names(person: &Person) -> impl Iterator<Item = String> + '_ {
    std::iter::once(fold(&person.name)).chain(person.aliases.iter().map(|a| fold(a)))
}

/// Finds the people `query` names: exact name or alias first, then every
/// word of the query among a name's words, then names starting with it.
pub fn find<'a>(people: &'a [Person], query: &str) -> PersonMatch<'a> {
    let q = fold(query);
    if q.is_empty() {
        return PersonMatch::None {
            closest: Vec::new(),
        };
    }
    let words: Vec<&str> = q.split(' ').collect();
    let tiers: [&dyn Fn(&Person) -> bool; 3] = [
        &|p| names(p).any(|n| n == q),
        &|p| names(p).any(|n| words.iter().all(|w| n.split(' ').any(|nw| nw == *w))),
        &|p| names(p).any(|n| n.starts_with(&q) || n.split(' ').any(|nw| nw.starts_with(&q))),
    ];
    for tier in tiers {
        let found: Vec<&Person> = people.iter().filter(|p| tier(p)).collect();
        match found.len() {
            0 => continue,
            1 => return PersonMatch::One(found[0]),
            _ => return PersonMatch::Many(found),
        }
    }
    let mut scored: Vec<(f64, &Person)> = people
        .iter()
        .map(|p| {
            let best = names(p)
                .flat_map(|n| {
                    let whole = strsim::jaro_winkler(&n, &q);
                    let per_word = n
                        .split(' ')
                        .map(|w| strsim::jaro_winkler(w, &q))
                        .fold(0.0, f64::max);
                    [whole, per_word]
                })
                .fold(0.0, f64::max);
            (best, p)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    PersonMatch::None {
        closest: scored.into_iter().take(3).map(|(_, p)| p).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(key: &str, name: &str, aliases: &[&str]) -> Person {
        Person {
            id: 0,
            key: key.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            role: String::new(),
            sources: Vec::new(),
            retracted: None,
        }
    }

    #[test]
    fn matches_names_surnames_aliases_without_accents() {
        let people = vec![
            person("andry", "Andry José Hernández Romero", &["Andry"]),
            person("takano", "Mark Takano", &["Rep. Takano"]),
            person("garcia", "Robert Garcia", &[]),
            person("alexis", "Alexis Romero", &[]),
        ];
        let key = |q: &str| match find(&people, q) {
            PersonMatch::One(p) => p.key.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(key("takano"), "takano");
        assert_eq!(key("TAKANO"), "takano");
        assert_eq!(key("rep. takano"), "takano");
        assert_eq!(key("garcía"), "garcia");
        assert_eq!(key("hernandez"), "andry");
        assert_eq!(key("andry"), "andry");
        assert_eq!(key("tak"), "takano");
        assert!(matches!(find(&people, "romero"), PersonMatch::Many(v) if v.len() == 2));
        match find(&people, "takana") {
            PersonMatch::None { closest } => assert_eq!(closest[0].key, "takano"),
            other => panic!("{other:?}"),
        }
    }
}
