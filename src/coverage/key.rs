//! Which key codec reads a table's bounds, from the key's declared type, its expression and the
//! bounds themselves; or the verdict that says why none does and what to write in the site file.

use super::{blocked, bound_text, exclude_hint, key_format_hint, review, Target, Verdict};
use crate::model::catalog::{Bound, Partition, Table};
use crate::model::key_codec::{plausible_epoch_seconds, KeyCodec, StatedFormat, StatedKind};
use crate::model::time::offset_text;
use crate::msg;
use chrono::{NaiveDate, Timelike};

/// The key codec that reads every bound, or the verdict that says why none does: ranges that
/// are not time are not a failure; a time key the tool cannot read, or one it could read two
/// ways, halts with the site-file line that settles it.
pub(super) fn key_codec(
    table: &Table,
    bounds: &[&Bound],
    finite: &[&Partition],
    t: &Target,
) -> Result<KeyCodec, Verdict> {
    let name = table.full_name();
    if let Some(Bound::Unparsed(raw)) = bounds.iter().find(|b| matches!(b, Bound::Unparsed(_))) {
        // A key_format the site file states is never passed over in silence.
        if let Some(stated) = &t.stated {
            return Err(blocked(
                msg!(
                    "cov-stated-unreadable",
                    stated = stated.shown(),
                    bound = raw.clone(),
                    key = format!("{} {}", table.key_columns.join(","), table.key_type)
                )
                .render(),
                Some(exclude_hint(&name)),
            ));
        }
        return Err(blocked(
            msg!(
                "cov-unreadable-bound",
                bound = raw.clone(),
                key = format!("{} {}", table.key_columns.join(","), table.key_type)
            )
            .render(),
            Some(exclude_hint(&name)),
        ));
    }
    if let Some(stated) = t.stated {
        return stated_codec(stated, table, bounds, t);
    }
    if bounds.iter().any(|b| matches!(b, Bound::Wall(_))) {
        return Err(wall_times(table, bounds, t));
    }
    let expr = table
        .key_expression
        .as_deref()
        .unwrap_or_default()
        .to_lowercase()
        .replace(['`', ' '], "");
    let all = |f: fn(&Bound) -> bool| !bounds.is_empty() && bounds.iter().all(|b| f(b));
    let reads = |c: KeyCodec| bounds.iter().all(|b| c.decode(b).is_some());
    if all(|b| matches!(b, Bound::Date(_))) {
        let timestamp = table.key_type.to_lowercase().starts_with("timestamp");
        return Ok(if timestamp {
            KeyCodec::Timestamp
        } else {
            KeyCodec::Date
        });
    }
    if all(|b| matches!(b, Bound::Instant(_))) {
        return at_site_offset(KeyCodec::TimestampTz { offset_secs: 0 }, table, bounds, t);
    }
    if all(|b| matches!(b, Bound::Text(_))) {
        return [KeyCodec::TextYyyymm, KeyCodec::TextYyyymmdd]
            .into_iter()
            .find(|c| reads(*c))
            .ok_or_else(|| Verdict::NotTimePartitioned {
                reason: msg!("cov-text-not-dates", sample = sample(finite)).render(),
            });
    }
    if !all(|b| matches!(b, Bound::Int(_))) {
        return Err(blocked(
            msg!("cov-mixed-bounds", sample = sample(finite)).render(),
            Some(exclude_hint(&name)),
        ));
    }
    if expr.starts_with("to_days(") {
        return reads(KeyCodec::ToDays)
            .then_some(KeyCodec::ToDays)
            .ok_or_else(|| {
                blocked(
                    msg!("cov-to-days-not-days", sample = sample(finite)).render(),
                    None,
                )
            });
    }
    if expr.starts_with("unix_timestamp(") {
        return at_site_offset(KeyCodec::EpochSeconds { offset_secs: 0 }, table, bounds, t);
    }
    let int_codecs = [
        KeyCodec::IntYyyymm,
        KeyCodec::IntYyyymmdd,
        KeyCodec::IntYyyy,
    ];
    if let Some(c) = int_codecs.into_iter().find(|c| reads(*c)) {
        return Ok(c);
    }
    let epoch_like = bounds.iter().all(|b| match b {
        Bound::Int(n) => plausible_epoch_seconds(*n) || plausible_epoch_seconds(n / 1000),
        _ => false,
    });
    if epoch_like {
        let unit = match bounds.first() {
            Some(Bound::Int(n)) if plausible_epoch_seconds(*n) => "epoch_seconds",
            _ => "epoch_milliseconds",
        };
        return Err(blocked(
            msg!("cov-epoch-or-ids", unit = unit, sample = sample(finite)).render(),
            Some(format!(
                "{}\n  — {} —\n{}",
                key_format_hint(&name, unit),
                msg!("cov-or-if-ids"),
                exclude_hint(&name)
            )),
        ));
    }
    Err(Verdict::NotTimePartitioned {
        reason: msg!("cov-numbers-not-dates", sample = sample(finite)).render(),
    })
}

/// Bounds that are wall times, not midnights (a timestamp key holding the site's midnights
/// written at another offset): never guessed; halted with the `timestamp +HH:MM` line that reads
/// them when one does.
fn wall_times(table: &Table, bounds: &[&Bound], t: &Target) -> Verdict {
    let name = table.full_name();
    let first = bounds.iter().find_map(|b| match b {
        Bound::Wall(w) => Some(*w),
        _ => None,
    });
    let fits = first.and_then(|w| {
        let tod = w.time().num_seconds_from_midnight() as i32;
        let mut wall = t.zone.1 + tod;
        while wall > 14 * 3600 {
            wall -= 24 * 3600;
        }
        let codec = KeyCodec::TimestampAt {
            wall_secs: wall,
            midnight_secs: t.zone.1,
        };
        bounds
            .iter()
            .all(|b| codec.decode(b).is_some())
            .then_some(codec)
    });
    let shown = bounds
        .iter()
        .find(|b| matches!(b, Bound::Wall(_)))
        .map(|b| bound_text(b))
        .unwrap_or_default();
    match fits {
        Some(codec) => blocked(
            msg!(
                "cov-wall-midnights",
                bound = shown,
                zone = t.zone.0,
                offset = offset_text(codec.offset_of_wall())
            )
            .render(),
            Some(key_format_hint(&name, &codec.stated())),
        ),
        None => blocked(
            msg!("cov-not-midnights").render(),
            Some(exclude_hint(&name)),
        ),
    }
}

/// Whether a stated format fits the key's declared type; the formats that do when it does not.
/// An unknown type, or a key read through an expression, is not judged.
fn type_fits(kind: StatedKind, key_type: &str, expression: bool) -> Result<(), &'static str> {
    let t = key_type.to_lowercase();
    if t.is_empty() || expression {
        return Ok(());
    }
    let zoned = t.contains("with time zone") || t == "timestamptz";
    let (fits, which) = if zoned {
        (kind == StatedKind::TimestampTz, "timestamptz +HH:MM")
    } else if t.starts_with("timestamp") || t.starts_with("datetime") {
        (kind == StatedKind::Timestamp, "timestamp, timestamp +HH:MM")
    } else if t == "date" {
        (kind == StatedKind::Date, "date")
    } else {
        let time = matches!(
            kind,
            StatedKind::Date | StatedKind::Timestamp | StatedKind::TimestampTz
        );
        (
            !time,
            "yyyy, yyyymm, yyyymmdd, epoch_seconds, epoch_milliseconds",
        )
    };
    if fits {
        Ok(())
    } else {
        Err(which)
    }
}

/// The first and last bound of a table, for messages.
fn sample(finite: &[&Partition]) -> String {
    let text = |p: Option<&&Partition>| p.map(|p| bound_text(&p.upper)).unwrap_or_default();
    format!("{} … {}", text(finite.first()), text(finite.last()))
}

/// The codec the site file states; bounds that do not read that way halt with the reason.
fn stated_codec(
    stated: StatedFormat,
    table: &Table,
    bounds: &[&Bound],
    t: &Target,
) -> Result<KeyCodec, Verdict> {
    let expression = table.key_expression.as_deref().is_some_and(|e| {
        let plain = e.replace('`', "");
        table.key_columns.first().is_none_or(|c| plain.trim() != c)
    });
    if let Err(which) = type_fits(stated.kind, &table.key_type, expression) {
        return Err(blocked(
            msg!(
                "cov-stated-type",
                stated = stated.shown(),
                key_type = table.key_type.clone(),
                fits = which
            )
            .render(),
            None,
        ));
    }
    let offset = stated.offset_secs.unwrap_or(t.zone.1);
    let text = bounds.iter().any(|b| matches!(b, Bound::Text(_)));
    let codec = match stated.kind {
        StatedKind::Date => KeyCodec::Date,
        StatedKind::Timestamp => match stated.offset_secs {
            Some(wall_secs) => KeyCodec::TimestampAt {
                wall_secs,
                midnight_secs: t.zone.1,
            },
            None => KeyCodec::Timestamp,
        },
        StatedKind::TimestampTz => KeyCodec::TimestampTz {
            offset_secs: offset,
        },
        StatedKind::Yyyy => KeyCodec::IntYyyy,
        StatedKind::Yyyymm if text => KeyCodec::TextYyyymm,
        StatedKind::Yyyymm => KeyCodec::IntYyyymm,
        StatedKind::Yyyymmdd if text => KeyCodec::TextYyyymmdd,
        StatedKind::Yyyymmdd => KeyCodec::IntYyyymmdd,
        StatedKind::EpochSeconds => KeyCodec::EpochSeconds {
            offset_secs: offset,
        },
        StatedKind::EpochMilliseconds => KeyCodec::EpochMillis {
            offset_secs: offset,
        },
    };
    match bounds.iter().find(|b| codec.decode(b).is_none()) {
        None => Ok(codec),
        Some(b) => Err(blocked(
            msg!(
                "cov-stated-mismatch",
                stated = codec.stated(),
                bound = bound_text(b)
            )
            .render(),
            Some(exclude_hint(&table.full_name())),
        )),
    }
}

/// Instants (timestamptz, UNIX_TIMESTAMP) whose midnights are the site's: the codec at the
/// site's offset. Midnights of another zone go to review with the site line that accepts them;
/// no overlap and no 8-hour gap is ever created by guessing.
fn at_site_offset(
    base: KeyCodec,
    table: &Table,
    bounds: &[&Bound],
    t: &Target,
) -> Result<KeyCodec, Verdict> {
    let reads = |c: KeyCodec| bounds.iter().all(|b| c.decode(b).is_some());
    let site = base.at_offset(t.zone.1);
    if reads(site) {
        return Ok(site);
    }
    let other = first_midnight_offset(bounds)
        .map(|o| base.at_offset(o))
        .filter(|c| reads(*c));
    let name = table.full_name();
    match other {
        Some(codec) => {
            let o = codec.offset().unwrap_or(0);
            let target_end = NaiveDate::from_ymd_opt(t.year + 1, 1, 1).expect("valid year");
            let covered = bounds.iter().filter_map(|b| codec.decode(b)).max() >= Some(target_end);
            Err(review(
                msg!(
                    "cov-other-zone-midnights",
                    offset = offset_text(o),
                    zone = t.zone.0,
                    site_offset = offset_text(t.zone.1),
                    hint = key_format_hint(&name, &codec.stated())
                )
                .render(),
                covered,
            ))
        }
        None => Err(blocked(
            msg!("cov-not-midnights").render(),
            Some(exclude_hint(&name)),
        )),
    }
}

/// The offset at which the first bound is a midnight.
fn first_midnight_offset(bounds: &[&Bound]) -> Option<i32> {
    let instant = match bounds.first()? {
        Bound::Instant(t) => *t,
        Bound::Int(n) => chrono::DateTime::from_timestamp(*n, 0)?,
        _ => return None,
    };
    let secs = instant.naive_utc().time().num_seconds_from_midnight() as i32;
    let offset = if secs == 0 { 0 } else { 86_400 - secs };
    // East of UTC up to +14:00, else west.
    Some(if offset > 14 * 3600 {
        offset - 86_400
    } else {
        offset
    })
}
