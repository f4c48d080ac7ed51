//! Parsing the human units grader.toml uses, everywhere in the file, for sizes ("1GiB", "16MiB")
//! and durations ("10s", "500ms").
//!
//! One spelling each, so that a file reads the same to everyone: a whole number immediately
//! followed by its unit. Durations: `ms`, `s` or `min` ("500ms", "10s", "2min"). Sizes: `B`,
//! `KiB`, `MiB` or `GiB` ("4096B", "512KiB", "16MiB", "1GiB"; binary units, 1KiB = 1024B).
//! Anything else is refused, with the right spelling when what was meant can be told
//! (`"10 sec"`: write "10s").

use std::time::Duration;

use crate::lang::Lang;
use crate::msg;

/// Parses a size in bytes: a whole number immediately followed by B, KiB, MiB or GiB; the
/// error, in `lang`, says what to write instead.
pub(crate) fn parse_size(text: &str, lang: Lang) -> Result<u64, String> {
    let (digits, unit) = split_number(text);
    let factor: Option<u64> = match unit {
        "B" => Some(1),
        "KiB" => Some(1 << 10),
        "MiB" => Some(1 << 20),
        "GiB" => Some(1 << 30),
        _ => None,
    };
    match (whole(digits), factor) {
        (Some(Ok(number)), Some(factor)) => number
            .checked_mul(factor)
            .ok_or_else(|| msg!(lang, "units-size-too-large", text = text)),
        (Some(Err(())), Some(_)) => Err(msg!(lang, "units-size-too-large", text = text)),
        _ => Err(match size_meant(text) {
            Some(bytes) => msg!(
                lang,
                "units-not-a-size-write",
                text = text,
                spelling = size_setting(bytes)
            ),
            None => msg!(lang, "units-not-a-size", text = text),
        }),
    }
}

/// A size as people read it: `1 GiB`, `16 MiB`, `512 KiB`, `100 B`.
pub(crate) fn format_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if value.fract() == 0.0 {
                format!("{value:.0} {unit}")
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} B")
}

/// A size as grader.toml writes it: in the largest unit that holds it exactly (`"16MiB"`).
pub(crate) fn size_setting(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    UNITS
        .into_iter()
        .find(|(size, _)| bytes > 0 && bytes.is_multiple_of(*size))
        .map_or_else(
            || format!("{bytes}B"),
            |(size, unit)| format!("{}{unit}", bytes / size),
        )
}

/// Parses a duration: a whole number immediately followed by ms, s or min; the error, in
/// `lang`, says what to write instead.
pub(crate) fn parse_duration(text: &str, lang: Lang) -> Result<Duration, String> {
    let (digits, unit) = split_number(text);
    let millis_per_unit: Option<u64> = match unit {
        "ms" => Some(1),
        "s" => Some(1_000),
        "min" => Some(60_000),
        _ => None,
    };
    match (whole(digits), millis_per_unit) {
        (Some(Ok(number)), Some(factor)) => number
            .checked_mul(factor)
            .map(Duration::from_millis)
            .ok_or_else(|| msg!(lang, "units-duration-too-long", text = text)),
        (Some(Err(())), Some(_)) => Err(msg!(lang, "units-duration-too-long", text = text)),
        (Some(Ok(number)), None) if unit.is_empty() => Err(msg!(
            lang,
            "units-duration-without-unit",
            text = text,
            number = number.to_string()
        )),
        _ => Err(match duration_meant(text).and_then(duration_setting) {
            Some(spelling) => msg!(
                lang,
                "units-not-a-duration-write",
                text = text,
                spelling = spelling
            ),
            None => msg!(lang, "units-not-a-duration", text = text),
        }),
    }
}

/// A duration as grader.toml writes it: in seconds when whole (`"15s"`, `"300s"`), minutes from
/// ten on (`"20min"`), else milliseconds (`"500ms"`); `None` for a duration that is not whole
/// milliseconds.
pub(crate) fn duration_setting(duration: Duration) -> Option<String> {
    if !duration.subsec_nanos().is_multiple_of(1_000_000) {
        return None;
    }
    let millis = duration.as_millis();
    // Minutes only from ten on: "300s" reads better than "5min" beside "10s" and "15s".
    Some(if millis >= 600_000 && millis.is_multiple_of(60_000) {
        format!("{}min", millis / 60_000)
    } else if millis.is_multiple_of(1_000) {
        format!("{}s", millis / 1_000)
    } else {
        format!("{millis}ms")
    })
}

/// The leading digits of `text` and what follows them.
fn split_number(text: &str) -> (&str, &str) {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(split)
}

/// `digits` as a number: `None` when there are none, `Some(Err)` when they overflow.
fn whole(digits: &str) -> Option<Result<u64, ()>> {
    (!digits.is_empty()).then(|| digits.parse().map_err(|_| ()))
}

/// A number, possibly decimal, then a unit word, spaces and case aside: `("1.5", "sec")`.
fn loose(text: &str) -> Option<(f64, String)> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.replace('_', "").parse().ok()?;
    (number.is_finite() && number >= 0.0).then(|| (number, unit.trim().to_lowercase()))
}

/// The bytes a size written another way most likely means (`"512 MB"`, `"1.5GiB"`, `"4096"`).
/// Decimal units are read as the binary ones: a limit is meant, not an exact count.
fn size_meant(text: &str) -> Option<u64> {
    let (number, unit) = loose(text)?;
    let factor: f64 = match unit.as_str() {
        "" | "b" | "byte" | "bytes" | "o" | "octets" => 1.0,
        "k" | "kb" | "kib" | "ko" | "kio" => 1024.0,
        "m" | "mb" | "mib" | "mo" | "mio" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" | "go" | "gio" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" | "tib" | "to" | "tio" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * factor;
    (bytes.fract() == 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// The duration a duration written another way most likely means (`"10 sec"`, `"1.5s"`,
/// `"1m 30s"`, `"1h"`).
fn duration_meant(text: &str) -> Option<Duration> {
    if let Some((number, unit)) = loose(text) {
        let seconds: Option<f64> = match unit.as_str() {
            "ms" | "msec" | "msecs" | "millis" | "millisecond" | "milliseconds" => Some(0.001),
            "s" | "sec" | "secs" | "second" | "seconds" | "seconde" | "secondes" => Some(1.0),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(60.0),
            "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" => Some(3600.0),
            _ => None,
        };
        if let Some(seconds) = seconds {
            // Whole milliseconds only: grader.toml has no finer unit.
            let millis = number * seconds * 1000.0;
            let rounded = millis.round();
            return ((millis - rounded).abs() < 1e-6 && rounded < u64::MAX as f64)
                .then(|| Duration::from_millis(rounded as u64));
        }
    }
    humantime::parse_duration(&text.trim().to_lowercase()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_one_spelling() {
        assert_eq!(parse_size("1GiB", Lang::En), Ok(1 << 30));
        assert_eq!(parse_size("16MiB", Lang::En), Ok(16 << 20));
        assert_eq!(parse_size("512KiB", Lang::En), Ok(512 << 10));
        assert_eq!(parse_size("4096B", Lang::En), Ok(4096));
        assert!(parse_size("1TiB", Lang::En).is_err());
        assert!(parse_size("GiB", Lang::En).is_err());
        assert!(parse_size("99999999999999999999GiB", Lang::En)
            .is_err_and(|message| message.contains("too large")));
    }

    #[test]
    fn other_sizes_are_refused_with_the_right_spelling() {
        let refused = |text: &str| parse_size(text, Lang::En).expect_err(text);
        assert!(refused("512 MB").starts_with("`512 MB` is not a size: write \"512MiB\""));
        assert!(refused("512MB").contains("write \"512MiB\""));
        assert!(refused("1 GiB").contains("write \"1GiB\""));
        assert!(refused("1.5GiB").contains("write \"1536MiB\""));
        assert!(refused("4096").contains("write \"4KiB\""));
        assert!(refused("16mib").contains("write \"16MiB\""));
        assert!(refused("lots").contains("such as \"512KiB\""));
    }

    #[test]
    fn sizes_print_in_the_largest_unit() {
        assert_eq!(format_size(1 << 30), "1 GiB");
        assert_eq!(format_size(1536 << 20), "1.5 GiB");
        assert_eq!(format_size(100), "100 B");
        assert_eq!(size_setting(1536 << 20), "1536MiB");
        assert_eq!(size_setting(1 << 30), "1GiB");
        assert_eq!(size_setting(100), "100B");
        assert_eq!(size_setting(0), "0B");
    }

    #[test]
    fn durations_take_one_spelling() {
        assert_eq!(parse_duration("60s", Lang::En), Ok(Duration::from_secs(60)));
        assert_eq!(
            parse_duration("250ms", Lang::En),
            Ok(Duration::from_millis(250))
        );
        assert_eq!(
            parse_duration("2min", Lang::En),
            Ok(Duration::from_secs(120))
        );
        assert_eq!(parse_duration("0s", Lang::En), Ok(Duration::ZERO));
        assert!(parse_duration("99999999999999999999s", Lang::En).is_err());
    }

    // Regression: humantime's syntax let "10 sec", "10 s" and "10 min" through, though
    // grader.toml says durations are written "10s".
    #[test]
    fn other_durations_are_refused_with_the_right_spelling() {
        let refused = |text: &str| parse_duration(text, Lang::En).expect_err(text);
        for (text, spelling) in [
            ("10 sec", "10s"),
            ("10 s", "10s"),
            ("10 min", "10min"),
            ("10sec", "10s"),
            ("10 seconds", "10s"),
            ("2m", "120s"),
            ("20 minutes", "20min"),
            ("1m 30s", "90s"),
            ("1.5s", "1500ms"),
            ("1h", "60min"),
            ("10S", "10s"),
        ] {
            let message = refused(text);
            assert!(
                message.starts_with(&format!("`{text}` is not a duration: write \"{spelling}\"")),
                "{message}"
            );
        }
        assert!(refused("60").contains("write \"60s\" for seconds or \"60ms\""));
        assert!(refused("ten seconds").contains("such as \"500ms\", \"10s\" or \"2min\""));
    }

    #[test]
    fn durations_print_in_the_largest_exact_unit() {
        assert_eq!(
            duration_setting(Duration::from_secs(15)).as_deref(),
            Some("15s")
        );
        assert_eq!(
            duration_setting(Duration::from_secs(120)).as_deref(),
            Some("120s")
        );
        assert_eq!(
            duration_setting(Duration::from_secs(1200)).as_deref(),
            Some("20min")
        );
        assert_eq!(
            duration_setting(Duration::from_millis(1500)).as_deref(),
            Some("1500ms")
        );
        assert_eq!(duration_setting(Duration::ZERO).as_deref(), Some("0s"));
        assert_eq!(duration_setting(Duration::from_micros(1)), None);
    }
}
