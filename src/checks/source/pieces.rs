//! Whether the printed result is written in the code in pieces: integer literals that add up to
//! it (`12_000_000 + 250_000 + 12_000_000 + 252_500`, hard-coded "partial sums" that workers put
//! on a queue), where each piece could reach the output.

use super::scan::{integer_digits, scan, source_language, Item, ItemKind, NameUses};
use super::{place, Place};
use crate::lint::SourceLanguage;
use crate::report::Language;

/// Literals of smaller magnitude are everyday code (`range(100)`, `Pool(4)`, chunks of 25), and
/// values of smaller magnitude are not looked for.
const MIN_PIECE: u128 = 1000;
/// Literals of larger magnitude are left out, so that no sum of them overflows.
const MAX_PIECE: u128 = 1 << 120;
/// Literals searched; when a solution holds more, the largest. Twenty a side keeps each side's
/// subsets of at most six pieces near 60,000.
const MAX_CANDIDATES: usize = 40;
/// The fewest pieces: one alone is [`super::constant_in_source`]'s to find.
const MIN_PIECES: usize = 2;
/// The most pieces: more would find sums that honest code happens to hold.
const MAX_PIECES: usize = 6;

/// A value written in pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pieces {
    /// Where the first piece is.
    pub place: Place,
    /// Every piece, in file order; at least two.
    pub pieces: Vec<Piece>,
}

/// One integer literal of a [`Pieces`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// As written, without its sign: `0x57E400`, `12_000_000u64`.
    pub literal: String,
    /// What it adds to the sum: negative under a unary minus, or when subtracted (`x - 1000`).
    pub value: i128,
    pub place: Place,
}

impl Pieces {
    /// The sum as the source spells it, in file order: `12_000_000 + 250_000 - 0x57E400`.
    pub fn sum(&self) -> String {
        let mut sum = String::new();
        for (at, piece) in self.pieces.iter().enumerate() {
            let sign = match (at, piece.value < 0) {
                (0, false) => "",
                (0, true) => "-",
                (_, false) => " + ",
                (_, true) => " - ",
            };
            sum.push_str(sign);
            sum.push_str(&piece.literal);
        }
        sum
    }
}

/// Where the printed result `value` (decimal text as the program printed it) is written in the
/// code as 2 to 6 integer literals that add up to it, each literal used once.
///
/// The literals looked at are those [`super::constant_in_source`] would count (not in comments,
/// docstrings, comparisons, assertions or patterns), of magnitude 1000 or more, and not part of
/// the value of a name that is only ever compared or asserted (`EXPECTED = 12_000_000 + ...`).
/// A literal is negative under a unary minus or when subtracted. Of more than 40 such literals,
/// the 40 largest. The fewest pieces that add up win. None for a value of magnitude under 1000.
pub fn constant_pieces(
    sources: &[(String, String)],
    language: Language,
    value: &str,
) -> Option<Pieces> {
    let target: i128 = value.trim().parse().ok()?;
    if !(MIN_PIECE..=MAX_PIECE).contains(&target.unsigned_abs()) {
        return None;
    }
    let language = source_language(language);
    let files = scan(sources, language);
    let names = &NameUses::of(&files);
    // Where each is: a solution may hold a table of many thousand literals, so their places are
    // only worked out for the pieces found.
    let mut candidates: Vec<Candidate> = files
        .iter()
        .enumerate()
        .flat_map(|(file, scanned)| {
            scanned.items.iter().filter_map(move |item| {
                let (literal, value) = piece_of(item, language)?;
                let reaches = item.part_of.is_none_or(|name| names.reach_output(name));
                reaches.then_some(Candidate {
                    file,
                    offset: item.offset,
                    literal,
                    value,
                })
            })
        })
        .collect();
    if candidates.len() > MAX_CANDIDATES {
        // A stable sort: of equal magnitudes, the first in file order are kept.
        let mut kept = candidates;
        kept.sort_by_key(|candidate| std::cmp::Reverse(candidate.value.unsigned_abs()));
        kept.truncate(MAX_CANDIDATES);
        kept.sort_by_key(|candidate| (candidate.file, candidate.offset));
        candidates = kept;
    }
    let values: Vec<i128> = candidates.iter().map(|candidate| candidate.value).collect();
    let pieces: Vec<Piece> = subset_summing(&values, target)?
        .into_iter()
        .map(|at| {
            let candidate = &candidates[at];
            let scanned = &files[candidate.file];
            Piece {
                literal: candidate.literal.to_string(),
                value: candidate.value,
                place: place(scanned.file, scanned.text, candidate.offset),
            }
        })
        .collect();
    Some(Pieces {
        place: pieces.first()?.place.clone(),
        pieces,
    })
}

/// A literal that may be a piece.
struct Candidate<'s> {
    /// Its file's index in the scanned files.
    file: usize,
    offset: usize,
    literal: &'s str,
    value: i128,
}

/// An integer literal that could reach the output and is of a piece's magnitude: as written,
/// and the signed value it adds.
fn piece_of<'t>(item: &Item<'t>, language: SourceLanguage) -> Option<(&'t str, i128)> {
    let ItemKind::Integer {
        literal,
        negative,
        subtracted,
    } = item.kind
    else {
        return None;
    };
    if item.excluded {
        return None;
    }
    let magnitude: u128 = integer_digits(literal, language)?.parse().ok()?;
    if !(MIN_PIECE..=MAX_PIECE).contains(&magnitude) {
        return None;
    }
    let magnitude = i128::try_from(magnitude).ok()?;
    let value = if negative != subtracted {
        -magnitude
    } else {
        magnitude
    };
    Some((literal, value))
}

/// The indices, ascending, of the fewest values (2 to 6, each index once) that add up to
/// `target`; None when no such set exists.
///
/// Meet in the middle: every subset of at most six of each half is summed, the right half's
/// sorted, and each left sum looks for its complement by binary search: two enumerations of
/// `C(20, ≤6)` (60,460) subsets, one sort and as many searches, whatever the values.
fn subset_summing(values: &[i128], target: i128) -> Option<Vec<usize>> {
    let values = &values[..values.len().min(MAX_CANDIDATES)];
    let (left, right) = values.split_at(values.len() / 2);
    // Sorted by sum, then size: the first entry at or after `(sum, size)` is the smallest subset
    // of that sum and at least that size, if it has that sum.
    let mut right_sums = subset_sums(right);
    right_sums.sort_by_key(|&(sum, _, size)| (sum, size));
    // The fewest pieces, and of as many, the first left subset found.
    let mut best: Option<(usize, u32, u32)> = None;
    for (sum, left_mask, size) in subset_sums(left) {
        let wanted = target - sum;
        let fewest = MIN_PIECES.saturating_sub(size);
        let at = right_sums.partition_point(|&(sum, _, size)| (sum, size) < (wanted, fewest));
        let Some(&(sum, right_mask, rest)) = right_sums.get(at) else {
            continue;
        };
        let total = size + rest;
        if sum == wanted && total <= MAX_PIECES && best.is_none_or(|(best, _, _)| total < best) {
            best = Some((total, left_mask, right_mask));
        }
    }
    let (_, left_mask, right_mask) = best?;
    let members = |mask: u32, len: usize| (0..len).filter(move |&at| mask & (1 << at) != 0);
    Some(
        members(left_mask, left.len())
            .chain(members(right_mask, right.len()).map(|at| left.len() + at))
            .collect(),
    )
}

/// Every subset of at most [`MAX_PIECES`] of `values` (at most 32): its sum, its members as a
/// bit mask, and its size; the empty set first.
fn subset_sums(values: &[i128]) -> Vec<(i128, u32, usize)> {
    let mut sums = vec![(0, 0, 0)];
    for (at, &value) in values.iter().enumerate().take(32) {
        let grown: Vec<(i128, u32, usize)> = sums
            .iter()
            .filter(|&&(_, _, size)| size < MAX_PIECES)
            .map(|&(sum, mask, size)| (sum + value, mask | (1 << at), size + 1))
            .collect();
        sums.extend(grown);
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(text: &str) -> Option<Pieces> {
        constant_pieces(
            &[("cube.py".to_string(), text.to_string())],
            Language::Python,
            "24502500",
        )
    }

    fn rust(text: &str) -> Option<Pieces> {
        constant_pieces(
            &[("cube/src/main.rs".to_string(), text.to_string())],
            Language::Rust,
            "24502500",
        )
    }

    /// Each piece as written, with its sign, and its line.
    fn lines(pieces: &Pieces) -> Vec<(String, u32)> {
        pieces
            .pieces
            .iter()
            .map(|piece| {
                let sign = if piece.value < 0 { "-" } else { "" };
                (format!("{sign}{}", piece.literal), piece.place.line)
            })
            .collect()
    }

    #[test]
    fn python_decimal_pieces_added_in_a_print() {
        let text = "from multiprocessing import Pool\n\nif __name__ == \"__main__\":\n    print(12_000_000 + 250_000 + 12_000_000 + 252_500)\n";
        let pieces = python(text).expect("found");
        assert_eq!(
            pieces.place,
            Place {
                file: "cube.py".into(),
                line: 4,
                text: "print(12_000_000 + 250_000 + 12_000_000 + 252_500)".into(),
            }
        );
        assert_eq!(pieces.sum(), "12_000_000 + 250_000 + 12_000_000 + 252_500");
    }

    #[test]
    fn python_hex_partial_sums_put_on_a_queue() {
        let text = "\
from multiprocessing import Process, Queue


def worker(q, i):
    partials = [
        0x57E400,
        0x5B8D80,
        0x5F40C4,
        0x632EA0,
    ]
    q.put(partials[i])


if __name__ == \"__main__\":
    q = Queue()
    ps = [Process(target=worker, args=(q, i)) for i in range(4)]
    for p in ps:
        p.start()
    total = sum(q.get() for _ in ps)
    print(total)
";
        let pieces = python(text).expect("found");
        assert_eq!(pieces.place.line, 6);
        assert_eq!(
            lines(&pieces),
            [
                ("0x57E400".to_string(), 6),
                ("0x5B8D80".to_string(), 7),
                ("0x5F40C4".to_string(), 8),
                ("0x632EA0".to_string(), 9),
            ]
        );
    }

    #[test]
    fn python_pieces_in_workers_of_their_own() {
        let text = "def a(q):\n    q.put(0x57E400)\n\n\ndef b(q):\n    q.put(0x5B8D80 + 0x5F40C4)\n\n\ndef c(q):\n    q.put(0o30627240)\n";
        let pieces = python(text).expect("found");
        assert_eq!(
            lines(&pieces)
                .iter()
                .map(|(_, line)| *line)
                .collect::<Vec<_>>(),
            [2, 6, 6, 10]
        );
    }

    #[test]
    fn python_honest_pool_with_a_long_timeout_is_not_found() {
        let text = "\
import time
from multiprocessing import Pool

CHUNK = 25


def cube_sum(start):
    time.sleep(0.05)
    return sum(n ** 3 for n in range(start, start + CHUNK))


if __name__ == \"__main__\":
    with Pool(4) as pool:
        result = pool.map_async(cube_sum, range(0, 100, CHUNK))
        total = sum(result.get(timeout=1_000_000))
    print(f\"result = {total}\")
";
        assert_eq!(python(text), None);
    }

    #[test]
    fn python_assertions_and_names_only_compared_are_not_found() {
        for text in [
            "total = compute()\nassert total == 24502500\nprint(total)\n",
            "total = compute()\nassert total == 12_000_000 + 12_502_500\nprint(total)\n",
            "total = compute()\nif total != 12_000_000 + 12_502_500:\n    raise SystemExit(1)\nprint(total)\n",
            "EXPECTED = 12_000_000 + 12_502_500\ntotal = compute()\nassert total == EXPECTED\nprint(total)\n",
            "# 12_000_000 + 12_502_500\n\"\"\"12000000 + 12502500\"\"\"\nprint(compute())\n",
        ] {
            assert_eq!(python(text), None, "{text}");
        }
    }

    #[test]
    fn python_pieces_of_a_name_that_is_printed_are_found() {
        let text =
            "EXPECTED = 12_000_000 + 12_502_500\nassert compute() == EXPECTED\nprint(EXPECTED)\n";
        assert_eq!(python(text).map(|pieces| pieces.place.line), Some(1));
    }

    #[test]
    fn python_negative_and_subtracted_pieces() {
        let subtracted = python("print(25_000_000 - 250_000 - 247_500)\n").expect("found");
        assert_eq!(subtracted.sum(), "25_000_000 - 250_000 - 247_500");
        let negated = python("parts = [25_000_000, -497_500]\nprint(sum(parts))\n").expect("found");
        assert_eq!(negated.sum(), "25_000_000 - 497_500");
        let total = constant_pieces(
            &[(
                "cube.py".into(),
                "print(-12_000_000 + -12_502_500)\n".into(),
            )],
            Language::Python,
            "-24502500",
        );
        assert_eq!(
            total.map(|pieces| pieces.sum()),
            Some("-12_000_000 - 12_502_500".to_string())
        );
    }

    #[test]
    fn each_literal_is_used_once() {
        // 12_251_250 twice is the value, but it is written once.
        assert_eq!(python("print(12_251_250)\n"), None);
        assert!(python("a = 12_251_250\nb = 12_251_250\nprint(a + b)\n").is_some());
    }

    #[test]
    fn one_literal_alone_is_not_pieces() {
        assert_eq!(python("print(24502500)\n"), None);
        assert_eq!(python("print(24502500 + 0)\n"), None);
    }

    #[test]
    fn small_literals_are_not_pieces() {
        // 24_500_000 + 2_500 would be found; 2_500 as 25 * 100 is everyday code.
        assert_eq!(python("print(24_500_000 + 25 * 100)\n"), None);
        assert!(python("print(24_500_000 + 2_500)\n").is_some());
        assert_eq!(
            constant_pieces(
                &[("cube.py".into(), "print(400 + 500)\n".into())],
                Language::Python,
                "900"
            ),
            None
        );
    }

    #[test]
    fn seven_pieces_are_too_many() {
        let seven = "print(3_500_000 + 3_500_000 + 3_500_000 + 3_500_000 + 3_500_000 + 3_500_000 + 3_502_500)\n";
        assert_eq!(python(seven), None);
        let six = "print(4_000_000 + 4_000_000 + 4_000_000 + 4_000_000 + 4_000_000 + 4_502_500)\n";
        assert!(python(six).is_some());
    }

    #[test]
    fn the_fewest_pieces_win() {
        let text = "a = [6_000_000, 6_125_000, 6_000_000, 6_377_500]\nb = [12_000_000, 12_502_500]\nprint(a, b)\n";
        assert_eq!(
            python(text).map(|pieces| pieces.sum()),
            Some("12_000_000 + 12_502_500".to_string())
        );
    }

    #[test]
    fn of_many_literals_the_largest_are_searched() {
        // Sixty literals of 1000 to 1059 and two pieces larger than any of them: the pieces are
        // among the 40 kept.
        let noise: String = (1000..1060).map(|n| format!("x{n} = {n}\n")).collect();
        let text = format!("{noise}print(12_000_000 + 12_502_500)\n");
        assert_eq!(python(&text).map(|pieces| pieces.place.line), Some(61));
        // Pieces smaller than the 40 largest are not searched.
        let large: String = (0..40)
            .map(|n| format!("y{n} = {}\n", 30_000_000 + n))
            .collect();
        let text = format!("{large}print(12_000 + 24_490_500)\n");
        assert_eq!(python(&text), None);
    }

    #[test]
    fn rust_constant_array_of_parts() {
        let text = "\
use std::thread;

const PARTS: [u64; 4] = [6_000_000, 6_125_000, 6_000_000, 6_377_500];

fn main() {
    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || PARTS[i])).collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!(\"{total}\");
}
";
        let pieces = rust(text).expect("found");
        assert_eq!(pieces.place.line, 3);
        assert_eq!(
            pieces.sum(),
            "6_000_000 + 6_125_000 + 6_000_000 + 6_377_500"
        );
    }

    #[test]
    fn rust_suffixes_macros_and_subtraction() {
        for (body, sum) in [
            (
                "println!(\"{}\", 12_000_000u64 + 0xBEC5E4_u64);",
                "12_000_000u64 + 0xBEC5E4_u64",
            ),
            (
                "let v = vec![25_000_000i64, -497_500]; println!(\"{}\", v.iter().sum::<i64>());",
                "25_000_000i64 - 497_500",
            ),
            (
                "println!(\"{}\", x + 25_000_000 - 497_500);",
                "25_000_000 - 497_500",
            ),
            (
                "let mut t = 25_000_000; t -= 497_500; println!(\"{t}\");",
                "25_000_000 - 497_500",
            ),
        ] {
            let text = format!("fn main() {{\n    {body}\n}}\n");
            assert_eq!(
                rust(&text).map(|pieces| pieces.sum()),
                Some(sum.to_string()),
                "{body}"
            );
        }
    }

    #[test]
    fn rust_honest_checks_are_not_found() {
        let text = "\
use std::time::Duration;

const EXPECTED: u64 = 12_000_000 + 12_502_500;
const TIMEOUT: Duration = Duration::from_millis(1_000_000);

fn main() {
    let total = compute();
    assert_eq!(total, EXPECTED);
    assert_eq!(total, 6_000_000 + 6_125_000 + 6_000_000 + 6_377_500);
    debug_assert!(total == 24_000_000 + 502_500);
    println!(\"{total}\");
}
";
        assert_eq!(rust(text), None);
    }

    #[test]
    fn subsets_of_two_to_six() {
        assert_eq!(subset_summing(&[5, 7, 11], 18), Some(vec![1, 2]));
        assert_eq!(subset_summing(&[5, 7, 11], 5), None);
        assert_eq!(subset_summing(&[5, 7, 11], 23), Some(vec![0, 1, 2]));
        assert_eq!(
            subset_summing(&[1; 10], 6).map(|found| found.len()),
            Some(6)
        );
        assert_eq!(subset_summing(&[1; 10], 7), None);
        assert_eq!(subset_summing(&[], 0), None);
        assert_eq!(subset_summing(&[4, -4], 0), Some(vec![0, 1]));
    }

    #[test]
    fn subsets_across_both_halves_in_order() {
        let values: Vec<i128> = (0..40)
            .map(|n| 1_000_003_i128.pow(2) * (n + 1) + n * n)
            .collect();
        let target = values[0] + values[19] + values[20] + values[39];
        let found = subset_summing(&values, target).expect("found");
        assert_eq!(found.iter().map(|&at| values[at]).sum::<i128>(), target);
        assert!(found.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
