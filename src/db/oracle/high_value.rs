//! DBA_TAB_PARTITIONS.HIGH_VALUE is a LONG holding the bound's SQL text. Only the forms Oracle
//! itself prints for monthly tables are read; anything else is kept raw for a person to review.

use crate::model::catalog::{parse_date_literal, Bound};

/// The bound a HIGH_VALUE text denotes.
pub fn parse(text: &str) -> Bound {
    let raw = text.trim();
    read(raw).unwrap_or_else(|| Bound::Unparsed(raw.to_string()))
}

fn read(raw: &str) -> Option<Bound> {
    let toks = tokens(raw)?;
    match toks.as_slice() {
        [Tok::Word(w)] if w == "MAXVALUE" => Some(Bound::Max),
        [Tok::Number(n)] => n.parse().ok().map(Bound::Int),
        [Tok::Minus, Tok::Number(n)] => n.parse::<i64>().ok().map(|v| Bound::Int(-v)),
        [Tok::Str(s)] => Some(Bound::Text(s.clone())),
        [Tok::Word(w), Tok::Str(s)] if w == "TIMESTAMP" => midnight(s, None),
        [Tok::Word(w), Tok::Open, Tok::Str(value), Tok::Comma, Tok::Str(mask), Tok::Comma, Tok::Str(nls), Tok::Close]
            if w == "TO_DATE" =>
        {
            let calendar: String = nls.chars().filter(|c| !c.is_whitespace()).collect();
            if !calendar.eq_ignore_ascii_case("NLS_CALENDAR=GREGORIAN") {
                return None;
            }
            midnight(value, Some(mask))
        }
        _ => None,
    }
}

/// `' 2027-01-01 00:00:00'` (the leading space is the sign position of SYYYY) at midnight.
fn midnight(value: &str, mask: Option<&str>) -> Option<Bound> {
    if let Some(mask) = mask {
        if !mask.eq_ignore_ascii_case("SYYYY-MM-DD HH24:MI:SS") {
            return None;
        }
    }
    // Oracle prints the sign position of SYYYY as one space; a BC date prints as '-2027-…' and is
    // never a monthly partition. Anything but four digits there is not Oracle's own text.
    let value = value.strip_prefix(' ').unwrap_or(value);
    let b = value.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && digits(5..7) && digits(8..10) && b[4] == b'-' && b[7] == b'-') {
        return None;
    }
    parse_date_literal(value).map(Bound::Date)
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    Number(String),
    Str(String),
    Open,
    Close,
    Comma,
    Minus,
}

fn tokens(s: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1
            }
            ')' => {
                out.push(Tok::Close);
                i += 1
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1
            }
            '-' => {
                out.push(Tok::Minus);
                i += 1
            }
            '\'' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i)? {
                        '\'' if chars.get(i + 1) == Some(&'\'') => {
                            text.push('\'');
                            i += 2;
                        }
                        '\'' => {
                            i += 1;
                            break;
                        }
                        ch => {
                            text.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(text));
            }
            _ if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                // 202701.5 or 1e6 is not a month number.
                if i < chars.len() && (chars[i] == '.' || chars[i].is_alphabetic()) {
                    return None;
                }
                out.push(Tok::Number(chars[start..i].iter().collect()));
            }
            _ if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Tok::Word(
                    chars[start..i].iter().collect::<String>().to_uppercase(),
                ));
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> Bound {
        Bound::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn unparsed(s: &str) {
        assert_eq!(parse(s), Bound::Unparsed(s.trim().to_string()), "{s}");
    }

    #[test]
    fn every_form_oracle_prints_for_monthly_tables() {
        assert_eq!(
            parse("TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')"),
            date(2027, 1, 1)
        );
        assert_eq!(
            parse(
                "to_date(' 2027-02-01 00:00:00','SYYYY-MM-DD HH24:MI:SS','NLS_CALENDAR=GREGORIAN')"
            ),
            date(2027, 2, 1)
        );
        assert_eq!(parse("TIMESTAMP' 2027-01-01 00:00:00'"), date(2027, 1, 1));
        assert_eq!(
            parse("TIMESTAMP' 2027-03-01 00:00:00.000000'"),
            date(2027, 3, 1)
        );
        assert_eq!(parse("202701"), Bound::Int(202701));
        assert_eq!(parse(" 20270101 "), Bound::Int(20270101));
        assert_eq!(parse("-5"), Bound::Int(-5));
        assert_eq!(parse("'202701'"), Bound::Text("202701".into()));
        assert_eq!(parse("'it''s'"), Bound::Text("it's".into()));
        assert_eq!(parse("MAXVALUE"), Bound::Max);
        assert_eq!(parse("maxvalue"), Bound::Max);
    }

    #[test]
    fn malformed_or_foreign_forms_are_kept_raw_for_review() {
        // Not midnight, BC, another calendar, another mask, time zones, several columns.
        unparsed(
            "TO_DATE(' 2027-01-01 08:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
        );
        unparsed(
            "TO_DATE('-2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
        );
        unparsed(
            "TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=PERSIAN')",
        );
        unparsed("TO_DATE('20270101', 'YYYYMMDD')");
        unparsed(
            "TO_DATE(' 2027-13-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
        );
        unparsed("TIMESTAMP' 2027-01-01 00:00:00 +08:00'");
        unparsed(
            "TO_TIMESTAMP_TZ(' 2027-01-01 00:00:00 +08:00', 'SYYYY-MM-DD HH24:MI:SS TZH:TZM')",
        );
        unparsed("202701, 1");
        unparsed("202701.5");
        unparsed("1e6");
        unparsed("DEFAULT");
        unparsed("'unterminated");
        unparsed("TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS'");
        unparsed("");
        unparsed("SYSDATE");
        unparsed("99999999999999999999999");
        // Found by the fuzzer: whitespace before a minus sign once read as year -47.
        unparsed("TIMESTAMP'\t-0047-01-01 00:00:00'");
        unparsed(
            "TO_DATE('  -0047-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')",
        );
        unparsed("TIMESTAMP' 27-01-01 00:00:00'");
        unparsed("TIMESTAMP'\n-0000000047-1-01 00'");
        unparsed("TIMESTAMP' 2027-1-01 00:00:00'");
    }
}
