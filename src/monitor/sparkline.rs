//! A timeline drawn in one line of block characters, for the terminal report.

use super::figures::Sample;

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Draws the live workers of `timeline` in `width` characters: each character is the most
/// workers alive in its share of the run, scaled to the run's most; `▁` is none, and any worker
/// at all shows as `▂` or higher.
pub fn sparkline(timeline: &[Sample], width: usize) -> String {
    if timeline.is_empty() || width == 0 {
        return String::new();
    }
    let top = timeline.iter().map(|s| s.live).max().unwrap_or(0).max(1);
    let columns = width.min(timeline.len());
    (0..columns)
        .map(|column| {
            let from = column * timeline.len() / columns;
            let to = ((column + 1) * timeline.len() / columns).max(from + 1);
            let most = timeline[from..to].iter().map(|s| s.live).max().unwrap_or(0);
            if most == 0 {
                BLOCKS[0]
            } else {
                let level = 1 + most as usize * 6 / top as usize;
                BLOCKS[level.min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(lives: &[u32]) -> Vec<Sample> {
        lives
            .iter()
            .enumerate()
            .map(|(i, &live)| Sample {
                at_ms: i as u64,
                live,
                running: 0,
            })
            .collect()
    }

    #[test]
    fn scales_to_the_most_and_keeps_small_values_visible() {
        assert_eq!(sparkline(&samples(&[0, 1, 2, 4, 4, 0]), 10), "▁▃▅██▁");
        assert_eq!(sparkline(&samples(&[0, 1, 16]), 3), "▁▂█");
        assert_eq!(sparkline(&samples(&[0, 0]), 5), "▁▁");
    }

    #[test]
    fn narrows_by_keeping_the_most_of_each_column() {
        let line = sparkline(&samples(&[0, 0, 0, 4, 0, 0, 0, 0]), 4);
        assert_eq!(line, "▁█▁▁");
        assert_eq!(sparkline(&[], 10), "");
    }
}
