//! Whether the printed result is written in the code: an integer literal of that value, or a
//! string holding it as a whole number, where it could reach the output.

use super::scan::{integer_digits, scan, source_language, Item, ItemKind, NameUses};
use super::{place, Place};
use crate::lint::SourceLanguage;
use crate::report::Language;

/// Values with fewer digits are too common to be told from honest code (`3`, `42`).
const MIN_DIGITS: usize = 3;

/// Where the printed result `value` (decimal text as the program printed it, e.g. "24502500" or
/// "-3") is written in the code as a constant that can reach the output, if anywhere.
///
/// Integer literals of that value and strings holding it as a whole number count; comments,
/// docstrings, operands of comparisons, assertions and `match`/`case` patterns do not, nor a
/// constant bound to a name that is only ever compared or asserted. Values of fewer than three
/// digits are never looked for.
pub fn constant_in_source(
    sources: &[(String, String)],
    language: Language,
    value: &str,
) -> Option<Place> {
    let wanted = Wanted::parse(value)?;
    let language = source_language(language);
    let files = scan(sources, language);
    let names = NameUses::of(&files);
    files.iter().find_map(|scanned| {
        scanned.items.iter().find_map(|item| {
            if item.excluded {
                return None;
            }
            let at = wanted.found_in(item, language)?;
            let reaches = item.bound_to.is_none_or(|name| names.reach_output(name));
            reaches.then(|| place(scanned.file, scanned.text, at))
        })
    })
}

/// The value looked for: its sign and its digits, without leading zeros.
struct Wanted {
    negative: bool,
    digits: String,
}

impl Wanted {
    fn parse(value: &str) -> Option<Wanted> {
        let value = value.trim();
        let (negative, magnitude) = match value.strip_prefix('-') {
            Some(magnitude) => (true, magnitude),
            None => (false, value.strip_prefix('+').unwrap_or(value)),
        };
        if magnitude.is_empty() || !magnitude.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let digits = magnitude.trim_start_matches('0');
        (digits.len() >= MIN_DIGITS).then(|| Wanted {
            negative,
            digits: digits.to_string(),
        })
    }

    /// The byte offset at which `item` holds the value, if it does.
    fn found_in(&self, item: &Item, language: SourceLanguage) -> Option<usize> {
        match item.kind {
            ItemKind::Integer {
                literal, negative, ..
            } => (negative == self.negative
                && integer_digits(literal, language).as_deref() == Some(self.digits.as_str()))
            .then_some(item.offset),
            ItemKind::Text(text) => self.position_in(text).map(|at| item.offset + at),
            ItemKind::Name(_) => None,
        }
    }

    /// Where `text` holds the value as a whole number: not part of a longer number.
    fn position_in(&self, text: &str) -> Option<usize> {
        let needle = if self.negative {
            format!("-{}", self.digits)
        } else {
            self.digits.clone()
        };
        text.match_indices(&needle).map(|(at, _)| at).find(|&at| {
            let before: Vec<char> = text[..at].chars().rev().take(2).collect();
            let after: Vec<char> = text[at + needle.len()..].chars().take(2).collect();
            !continues_number(&before) && !continues_number(&after)
        })
    }
}

/// Whether the characters next to a number, nearest first, make it part of a longer one: a digit,
/// or a decimal point followed by a digit.
fn continues_number(next: &[char]) -> bool {
    match next {
        [first, ..] if first.is_ascii_digit() => true,
        ['.', second, ..] => second.is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(text: &str, value: &str) -> Option<Place> {
        constant_in_source(
            &[("cube.py".to_string(), text.to_string())],
            Language::Python,
            value,
        )
    }

    fn rust(text: &str, value: &str) -> Option<Place> {
        constant_in_source(
            &[("cube/src/main.rs".to_string(), text.to_string())],
            Language::Rust,
            value,
        )
    }

    fn line_of(place: Option<Place>) -> Option<u32> {
        place.map(|place| place.line)
    }

    const POOL: &str = "\
from multiprocessing import Pool


def cube(n):
    return n * n * n


if __name__ == \"__main__\":
    with Pool(4) as pool:
        total = sum(pool.map(cube, range(100)))
";

    #[test]
    fn python_printed_string_after_a_real_pool_map() {
        let text = format!("{POOL}    print(\"result = 24502500\")\n");
        assert_eq!(
            python(&text, "24502500"),
            Some(Place {
                file: "cube.py".into(),
                line: 11,
                text: "print(\"result = 24502500\")".into(),
            })
        );
    }

    #[test]
    fn python_honest_pool_map_is_not_found() {
        let text = format!("{POOL}    print(f\"result = {{total}}\")\n");
        assert_eq!(python(&text, "24502500"), None);
    }

    #[test]
    fn python_interpolated_literal() {
        assert_eq!(
            line_of(python(
                "x = 1\nprint(f\"result = {24502500}\")\n",
                "24502500"
            )),
            Some(2)
        );
    }

    #[test]
    fn python_integer_spellings() {
        for literal in [
            "24502500",
            "24_502_500",
            "0x175E0E4",
            "0X175e0e4",
            "0o135360344",
        ] {
            let text = format!("total = {literal}\nprint(total)\n");
            assert_eq!(line_of(python(&text, "24502500")), Some(1), "{literal}");
        }
    }

    #[test]
    fn python_assigned_constant_printed() {
        let text = "total = 24_502_500\nprint(f\"result = {total}\")\n";
        assert_eq!(line_of(python(text, "24502500")), Some(1));
    }

    #[test]
    fn python_assigned_constant_never_used_is_found() {
        assert_eq!(line_of(python("total = 24_502_500\n", "24502500")), Some(1));
    }

    #[test]
    fn python_docstrings_are_not_found() {
        let text = "\"\"\"Prints 24502500.\"\"\"\n\n\ndef cube(n):\n    \"\"\"The sum is 24502500.\"\"\"\n    return n\n\n\nclass Worker:\n    \"\"\"24502500\"\"\"\n";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_comments_are_not_found() {
        let text = "total = compute()  # 24502500\n# expected: 24502500\nprint(total)\n";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_comparisons_and_assertions_are_not_found() {
        let text = "\
assert total == 24502500
assert total == 24502500, f\"expected 24502500, got {total}\"
if total != 24502500:
    raise SystemExit(1)
ok = 24502500 <= total
self.assertEqual(total, 24502500)
match total:
    case 24502500:
        pass
print(total)
";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_expected_constant_only_compared_is_not_found() {
        let text =
            "EXPECTED = 24502500\ntotal = compute()\nassert total == EXPECTED\nprint(total)\n";
        assert_eq!(python(text, "24502500"), None);
    }

    #[test]
    fn python_expected_constant_also_printed_is_found() {
        let text = "EXPECTED = 24502500\nassert compute() == EXPECTED\nprint(EXPECTED)\n";
        assert_eq!(line_of(python(text, "24502500")), Some(1));
    }

    #[test]
    fn python_honest_checks_are_not_found() {
        let sources = [
            (
                "cube.py".to_string(),
                "import helper\ntotal = compute()\nprint(f\"{total == 24502500}\")\nprint(\"ok\" if total == helper.EXPECTED else \"wrong\")\n".to_string(),
            ),
            ("helper.py".to_string(), "EXPECTED = 24502500\n".to_string()),
        ];
        assert_eq!(
            constant_in_source(&sources, Language::Python, "24502500"),
            None
        );
    }

    #[test]
    fn python_longer_numbers_are_not_found() {
        for string in ["124502500", "245025001", "24502500.5", "1.24502500"] {
            let text = format!("print(\"{string}\")\n");
            assert_eq!(python(&text, "24502500"), None, "{string}");
        }
    }

    #[test]
    fn python_separators_around_the_number() {
        for string in [
            "result = 24502500\\n",
            "(24502500)",
            "24502500.",
            "sum:24502500",
        ] {
            let text = format!("print(\"{string}\")\n");
            assert_eq!(line_of(python(&text, "24502500")), Some(1), "{string}");
        }
    }

    #[test]
    fn python_strings_of_every_kind() {
        for string in [
            "r\"24502500\"",
            "b\"24502500\"",
            "'''\n24502500'''",
            "rb'24502500'",
        ] {
            let text = format!("print({string})\n");
            assert!(python(&text, "24502500").is_some(), "{string}");
        }
    }

    #[test]
    fn python_interpolation_does_not_join_digits() {
        assert_eq!(python("print(f\"2450{x}2500\")\n", "24502500"), None);
    }

    #[test]
    fn python_negative_values() {
        assert_eq!(line_of(python("print(-245)\n", "-245")), Some(1));
        assert_eq!(line_of(python("print(\"= -245\")\n", "-245")), Some(1));
        assert_eq!(python("print(-245)\n", "245"), None);
        assert_eq!(python("print(245)\n", "-245"), None);
    }

    #[test]
    fn short_values_are_never_found() {
        for value in ["0", "7", "-7", "42", "-42", "007"] {
            let text = format!("print({value})\nprint(\"{value}\")\n");
            assert_eq!(python(&text, value), None, "{value}");
        }
        assert_eq!(line_of(python("print(100)\n", "100")), Some(1));
    }

    #[test]
    fn values_that_are_not_integers_are_never_found() {
        assert_eq!(python("print(\"3.14159\")\n", "3.14159"), None);
        assert_eq!(python("print(\"abc\")\n", "abc"), None);
        assert_eq!(python("print(\"\")\n", ""), None);
    }

    #[test]
    fn the_first_match_in_file_order_wins() {
        let sources = [
            (
                "cube.py".to_string(),
                "import helper\nprint(helper.TOTAL)\n".to_string(),
            ),
            (
                "helper.py".to_string(),
                "\n\nTOTAL = 24502500\n".to_string(),
            ),
        ];
        assert_eq!(
            constant_in_source(&sources, Language::Python, "24502500"),
            Some(Place {
                file: "helper.py".into(),
                line: 3,
                text: "TOTAL = 24502500".into(),
            })
        );
        let both = [
            ("cube.py".to_string(), "print(24502500)\n".to_string()),
            sources[1].clone(),
        ];
        assert_eq!(
            constant_in_source(&both, Language::Python, "24502500").map(|place| place.file),
            Some("cube.py".to_string())
        );
    }

    #[test]
    fn quoted_line_is_trimmed_and_cut() {
        let long = "x".repeat(200);
        let text = format!("    print(\"24502500 {long}\")   \n");
        let place = python(&text, "24502500").expect("found");
        assert_eq!(place.text.chars().count(), 120);
        assert!(place.text.starts_with("print(\"24502500 x"));
    }

    #[test]
    fn rust_println_string() {
        let text = "fn main() {\n    println!(\"result = 24502500\");\n}\n";
        assert_eq!(
            rust(text, "24502500"),
            Some(Place {
                file: "cube/src/main.rs".into(),
                line: 2,
                text: "println!(\"result = 24502500\");".into(),
            })
        );
    }

    #[test]
    fn rust_literal_arguments_of_print_macros() {
        for call in [
            "println!(\"{}\", 24502500)",
            "print!(\"{}\", 24_502_500u64)",
            "let s = format!(\"{}\", 24502500_i64)",
            "writeln!(out, \"{}\", 0x175E0E4).unwrap()",
            "eprintln!(\"{}\", vec![24502500][0])",
        ] {
            let text = format!("fn main() {{\n    {call};\n}}\n");
            assert_eq!(line_of(rust(&text, "24502500")), Some(2), "{call}");
        }
    }

    #[test]
    fn rust_typed_let() {
        let text =
            "fn main() {\n    let total: u64 = 24_502_500u64;\n    println!(\"{}\", total);\n}\n";
        assert_eq!(line_of(rust(text, "24502500")), Some(2));
    }

    #[test]
    fn rust_assertions_comparisons_and_comments_are_not_found() {
        let text = "\
//! Prints 24502500.
/// The sum, 24502500.
#[doc = \"24502500\"]
fn main() {
    let total = compute(); // 24502500
    /* 24502500 */
    assert_eq!(total, 24502500);
    assert!(total == 24502500, \"expected 24502500\");
    debug_assert_ne!(total, 24502500);
    assert!(matches!(total, 24502500));
    if total != 24502500 { std::process::exit(1); }
    match total { 24502500 => {}, _ => {} }
    println!(\"{} {}\", total, total == 24502500);
    println!(\"{}\", 24502500 > total);
}
";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn rust_honest_checks_are_not_found() {
        let text = "fn main() {
    let expected = 24502500;
    let total = compute();
    assert_eq!(total, expected);
    println!(\"{}\", if total == 24502500 { \"ok\" } else { \"wrong\" });
    println!(\"{total}\");
}
";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn rust_turbofish_is_not_a_comparison() {
        let text = "fn main() {\n    println!(\"{}\", v.iter().sum::<u64>() + 24502500);\n}\n";
        assert_eq!(line_of(rust(text, "24502500")), Some(2));
    }

    #[test]
    fn rust_expected_constant_only_asserted_is_not_found() {
        let text = "const EXPECTED: u64 = 24_502_500;\nfn main() {\n    let total = compute();\n    assert_eq!(total, EXPECTED);\n    println!(\"{total}\");\n}\n";
        assert_eq!(rust(text, "24502500"), None);
    }

    #[test]
    fn rust_constant_printed_through_a_format_capture_is_found() {
        let text =
            "const TOTAL: u64 = 24_502_500;\nfn main() {\n    println!(\"result = {TOTAL}\");\n}\n";
        assert_eq!(line_of(rust(text, "24502500")), Some(1));
    }

    #[test]
    fn rust_negative_values() {
        assert_eq!(
            line_of(rust("fn main() { println!(\"{}\", -245); }\n", "-245")),
            Some(1)
        );
        assert_eq!(
            line_of(rust("fn main() { let x = -245i32; }\n", "-245")),
            Some(1)
        );
        assert_eq!(
            rust("fn main() { println!(\"{}\", x - 245); }\n", "-245"),
            None
        );
        assert_eq!(rust("fn main() { println!(\"{}\", -245); }\n", "245"), None);
    }

    #[test]
    fn rust_raw_and_byte_strings() {
        for string in ["r\"24502500\"", "r#\"= 24502500\"#", "b\"24502500\""] {
            let text = format!("fn main() {{ let s = {string}; out(s); }}\n");
            assert!(rust(&text, "24502500").is_some(), "{string}");
        }
    }

    #[test]
    fn rust_longer_numbers_are_not_found() {
        let text = "fn main() { println!(\"124502500\"); println!(\"{}\", 124502500); }\n";
        assert_eq!(rust(text, "24502500"), None);
    }
}
