//! The SCIM filter subset the Aerial orgs list accepts: `eq` and `sw` joined with `AND`, on
//! `status`, `aerialOrg`, `subdomain`, `domain`, `name`, `cell` and `id`.
//!
//! String comparisons ignore case, as SCIM prescribes for attributes that are not case-exact.

use crate::world::Org;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Literal {
    Text(String),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Eq,
    Sw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    Status,
    AerialOrg,
    Subdomain,
    Domain,
    Name,
    Cell,
    Id,
}

#[derive(Debug, Clone)]
struct Condition {
    attribute: Attribute,
    operator: Operator,
    value: Literal,
}

/// A parsed filter: every condition must hold.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    conditions: Vec<Condition>,
}

/// Reason a filter was rejected. The text goes into the error cause.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub(crate) struct FilterError(String);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
}

fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&next) = chars.peek() {
        if next.is_whitespace() {
            chars.next();
        } else if next == '"' {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next() {
                    Some('\\') => match chars.next() {
                        Some(escaped) => value.push(escaped),
                        None => return Err(FilterError("unterminated string".into())),
                    },
                    Some('"') => break,
                    Some(other) => value.push(other),
                    None => return Err(FilterError("unterminated string".into())),
                }
            }
            tokens.push(Token::Quoted(value));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            tokens.push(Token::Word(word));
        }
    }
    Ok(tokens)
}

fn parse_attribute(word: &str) -> Result<Attribute, FilterError> {
    Ok(match word {
        "status" => Attribute::Status,
        "aerialOrg" => Attribute::AerialOrg,
        "subdomain" => Attribute::Subdomain,
        "domain" => Attribute::Domain,
        "name" => Attribute::Name,
        "cell" => Attribute::Cell,
        "id" => Attribute::Id,
        other => return Err(FilterError(format!("unsupported attribute '{other}'"))),
    })
}

fn parse_condition(tokens: &[Token]) -> Result<Condition, FilterError> {
    let [Token::Word(attribute), Token::Word(operator), value] = tokens else {
        return Err(FilterError("expected: attribute operator value".into()));
    };
    let attribute = parse_attribute(attribute)?;
    let operator = match operator.to_ascii_lowercase().as_str() {
        "eq" => Operator::Eq,
        "sw" => Operator::Sw,
        other => return Err(FilterError(format!("unsupported operator '{other}'"))),
    };
    let value = match value {
        Token::Quoted(text) => Literal::Text(text.clone()),
        Token::Word(word) if word == "true" => Literal::Bool(true),
        Token::Word(word) if word == "false" => Literal::Bool(false),
        Token::Word(word) => return Err(FilterError(format!("invalid value '{word}'"))),
    };
    let is_bool_attribute = attribute == Attribute::AerialOrg;
    match (&value, is_bool_attribute, operator) {
        (Literal::Bool(_), true, Operator::Eq) | (Literal::Text(_), false, _) => {}
        _ => {
            return Err(FilterError(
                "the value type does not fit the attribute or operator".into(),
            ));
        }
    }
    Ok(Condition {
        attribute,
        operator,
        value,
    })
}

impl Filter {
    pub(crate) fn parse(text: &str) -> Result<Self, FilterError> {
        let tokens = tokenize(text)?;
        let mut conditions = Vec::new();
        for part in tokens
            .split(|token| matches!(token, Token::Word(word) if word.eq_ignore_ascii_case("and")))
        {
            conditions.push(parse_condition(part)?);
        }
        Ok(Self { conditions })
    }

    /// Tests an org. `aerial_org` is true when the org is its account's Aerial org.
    pub(crate) fn matches(&self, org: &Org, aerial_org: bool) -> bool {
        self.conditions.iter().all(|condition| {
            let text = match condition.attribute {
                Attribute::AerialOrg => return condition.value == Literal::Bool(aerial_org),
                Attribute::Status => org.status.as_str(),
                Attribute::Subdomain => org.subdomain(),
                Attribute::Domain => org.domain.as_str(),
                Attribute::Name => org.name.as_str(),
                Attribute::Cell => org.cell.as_str(),
                Attribute::Id => org.id.as_str(),
            };
            let Literal::Text(expected) = &condition.value else {
                return false;
            };
            let (text, expected) = (text.to_lowercase(), expected.to_lowercase());
            match condition.operator {
                Operator::Eq => text == expected,
                Operator::Sw => text.starts_with(&expected),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn filter_parses_documented_expressions() {
        assert!(Filter::parse(r#"status eq "ACTIVE""#).is_ok());
        assert!(Filter::parse("aerialOrg eq true").is_ok());
        assert!(Filter::parse(r#"subdomain sw "customer" AND status eq "ACTIVE""#).is_ok());
        assert!(Filter::parse(r#"name eq "with \"quote\"""#).is_ok());
    }

    #[test]
    fn filter_rejects_unsupported_syntax() {
        for bad in [
            "",
            "status",
            r#"status ne "ACTIVE""#,
            r#"status eq "ACTIVE" OR status eq "INACTIVE""#,
            r#"region eq "us""#,
            r#"aerialOrg eq "true""#,
            "aerialOrg sw true",
            r#"status eq "ACTIVE"#,
            "status eq ACTIVE",
        ] {
            assert!(Filter::parse(bad).is_err(), "accepted {bad:?}");
        }
    }
}
