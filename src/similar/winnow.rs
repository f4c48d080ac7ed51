//! Fingerprints of a token stream, selected by winnowing (Schleimer, Wilkerson and Aiken,
//! "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003): the hash of every
//! `k` consecutive tokens, and in every window of `w` consecutive hashes the smallest, the
//! rightmost on a tie. Any run of `w + k - 1` tokens two files share yields at least one
//! fingerprint in both; runs shorter than `k` never do.

use super::tokens::Token;

/// Tokens in a k-gram: a run shorter than this is what any two solutions of the exercise
/// write alike (`with Pool(4) as pool:` is 9 tokens).
pub(crate) const K: usize = 12;
/// Hashes in a window: a shared run of `W + K - 1` tokens (a few lines) is always found.
pub(crate) const W: usize = 8;

/// A selected k-gram: its hash, and the lines its tokens span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub hash: u64,
    /// Index of its first token in the stream.
    pub at: usize,
    pub first_line: u32,
    pub last_line: u32,
}

/// The winnowed fingerprints of `tokens`, in stream order, each position once. A stream shorter
/// than a k-gram has one fingerprint of all of it, so that a tiny file can still match itself.
pub(crate) fn fingerprints(tokens: &[Token], k: usize, w: usize) -> Vec<Fingerprint> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let k = k.min(tokens.len());
    let grams: Vec<u64> = tokens
        .windows(k)
        .map(|gram| {
            gram.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, token| {
                (hash ^ token.kind).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .collect();
    let fingerprint = |at: usize| Fingerprint {
        hash: grams[at],
        at,
        first_line: tokens[at].line,
        last_line: tokens[at + k - 1].line,
    };
    let w = w.max(1).min(grams.len());
    let mut selected: Vec<Fingerprint> = Vec::new();
    for start in 0..=grams.len() - w {
        let window = &grams[start..start + w];
        // The rightmost minimum: `min_by_key` keeps the first, so look from the right.
        let offset = window
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, hash)| **hash)
            .map_or(0, |(offset, _)| offset);
        let at = start + offset;
        if selected.last().map(|last| last.at) != Some(at) {
            selected.push(fingerprint(at));
        }
    }
    selected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(kinds: &[u64]) -> Vec<Token> {
        kinds
            .iter()
            .enumerate()
            .map(|(index, &kind)| Token {
                kind,
                line: index as u32 + 1,
            })
            .collect()
    }

    #[test]
    fn a_shared_run_long_enough_is_always_found() {
        // Two streams sharing 40 tokens in the middle of different surroundings.
        let shared: Vec<u64> = (100..140).collect();
        let a: Vec<u64> = (0..30)
            .chain(shared.iter().copied())
            .chain(200..230)
            .collect();
        let b: Vec<u64> = (500..510)
            .chain(shared.iter().copied())
            .chain(600..650)
            .collect();
        let hashes = |kinds: &[u64]| -> std::collections::HashSet<u64> {
            fingerprints(&stream(kinds), K, W)
                .iter()
                .map(|print| print.hash)
                .collect()
        };
        assert!(hashes(&a).intersection(&hashes(&b)).count() >= 2);
        let other: Vec<u64> = (700..800).collect();
        assert_eq!(hashes(&a).intersection(&hashes(&other)).count(), 0);
    }

    #[test]
    fn positions_are_recorded_once_with_their_lines() {
        let tokens = stream(&(0..50).collect::<Vec<u64>>());
        let prints = fingerprints(&tokens, K, W);
        let mut ats: Vec<usize> = prints.iter().map(|print| print.at).collect();
        ats.dedup();
        assert_eq!(ats.len(), prints.len());
        for print in &prints {
            assert_eq!(print.first_line as usize, print.at + 1);
            assert_eq!(print.last_line as usize, print.at + K);
        }
        // A window of W hashes always holds a selected one.
        for pair in prints.windows(2) {
            assert!(pair[1].at - pair[0].at <= W, "{pair:?}");
        }
    }

    #[test]
    fn a_stream_shorter_than_a_gram_is_one_fingerprint() {
        assert_eq!(fingerprints(&stream(&[1, 2, 3]), K, W).len(), 1);
        assert!(fingerprints(&[], K, W).is_empty());
    }
}
