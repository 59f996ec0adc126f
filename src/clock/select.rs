//! Which references to believe: Marzullo's algorithm (RFC 5905 §11.2.1) over the servers that
//! answered usably, each an interval of its offset ± root distance widened to `max_disagreement`.
//! The largest set whose intervals share a point must be a majority of those servers.

/// RFC 5905's dispersion floor (MINDISP), seconds.
const MIN_DISPERSION: f64 = 0.01;

/// What one usable server said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub offset: f64,
    pub delay: f64,
    pub root_delay: f64,
    pub root_dispersion: f64,
}

impl Sample {
    /// Root distance: half the total round trip to the primary source plus its dispersion.
    pub fn root_distance(&self) -> f64 {
        (self.delay + self.root_delay).max(MIN_DISPERSION) / 2.0 + self.root_dispersion
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// Indexes (into the samples) of the servers that agree: the truechimers.
    pub chosen: Vec<usize>,
    /// The point all chosen intervals share, as the widened intervals give it.
    pub interval: (f64, f64),
    /// Reference minus the local clock, and its uncertainty (half-width).
    pub offset: f64,
    pub uncertainty: f64,
    /// The chosen servers are more than half of the usable ones.
    pub majority: bool,
}

/// Marzullo: the most intervals that share a point, and the range of points they share.
fn largest_overlap(intervals: &[(f64, f64)]) -> (usize, f64, f64) {
    // Starts sort before ends at the same value, so touching intervals agree.
    let mut edges: Vec<(f64, i32)> = intervals
        .iter()
        .flat_map(|(lo, hi)| [(*lo, -1), (*hi, 1)])
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut best, mut count, mut lo, mut hi) = (0usize, 0i64, 0.0, 0.0);
    for (i, (value, kind)) in edges.iter().enumerate() {
        count -= *kind as i64;
        if count as usize > best && count > 0 {
            best = count as usize;
            lo = *value;
            hi = edges.get(i + 1).map_or(*value, |e| e.0);
        }
    }
    (best, lo, hi)
}

/// `None` when no server is usable.
pub fn select(samples: &[Sample], max_disagreement: f64) -> Option<Selection> {
    if samples.is_empty() {
        return None;
    }
    let widened: Vec<(f64, f64)> = samples
        .iter()
        .map(|s| {
            let w = s.root_distance().max(max_disagreement);
            (s.offset - w, s.offset + w)
        })
        .collect();
    let (count, lo, hi) = largest_overlap(&widened);
    let chosen: Vec<usize> = (0..samples.len())
        .filter(|i| widened[*i].0 <= lo && widened[*i].1 >= hi)
        .collect();
    let (offset, uncertainty) = estimate(chosen.iter().map(|i| samples[*i]));
    Some(Selection {
        majority: count * 2 > samples.len(),
        chosen,
        interval: (lo, hi),
        offset,
        uncertainty,
    })
}

/// The chosen servers' own intervals (not widened): their intersection when they have one,
/// otherwise the span they cover together — never narrower than the evidence.
fn estimate(chosen: impl Iterator<Item = Sample> + Clone) -> (f64, f64) {
    let bounds = |s: Sample| (s.offset - s.root_distance(), s.offset + s.root_distance());
    let lo_in = chosen.clone().map(|s| bounds(s).0).fold(f64::MIN, f64::max);
    let hi_in = chosen.clone().map(|s| bounds(s).1).fold(f64::MAX, f64::min);
    let (lo, hi) = if lo_in <= hi_in {
        (lo_in, hi_in)
    } else {
        (
            chosen.clone().map(|s| bounds(s).0).fold(f64::MAX, f64::min),
            chosen.map(|s| bounds(s).1).fold(f64::MIN, f64::max),
        )
    };
    ((lo + hi) / 2.0, (hi - lo) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset: f64) -> Sample {
        Sample {
            offset,
            delay: 0.002,
            root_delay: 0.0,
            root_dispersion: 0.001,
        }
    }

    fn chosen(offsets: &[f64]) -> (Vec<usize>, bool, f64) {
        let s: Vec<Sample> = offsets.iter().map(|o| at(*o)).collect();
        let sel = select(&s, 1.0).unwrap();
        (sel.chosen, sel.majority, sel.offset)
    }

    #[test]
    fn the_majority_wins_and_a_tie_is_no_majority() {
        // 2 good + 1 bad: the bad one is a falseticker.
        let (c, m, o) = chosen(&[0.001, 0.003, 900.0]);
        assert_eq!((c, m), (vec![0, 1], true));
        assert!((o - 0.002).abs() < 0.01, "{o}");
        // 1 good + 1 bad: no majority, whichever is right.
        assert!(!chosen(&[0.0, 900.0]).1);
        // Three that all disagree.
        assert!(!chosen(&[0.0, 300.0, 900.0]).1);
        // One server alone is its own majority (the caller notes it cannot be cross-checked).
        assert_eq!(chosen(&[5.0]), (vec![0], true, 5.0));
        assert_eq!(select(&[], 1.0), None);
    }

    #[test]
    fn agreement_within_max_disagreement_and_honest_uncertainty() {
        // 1.5 s apart: widened to ±1 s they agree.
        let s = [at(0.0), at(1.5)];
        let sel = select(&s, 1.0).unwrap();
        assert!(sel.majority);
        // Their own intervals do not meet: the uncertainty covers both.
        assert!(sel.uncertainty >= 0.75, "{sel:?}");
        assert!((sel.offset - 0.75).abs() < 1e-9);
        // Root distance has the RFC floor.
        assert!((at(0.0).root_distance() - 0.006).abs() < 1e-9);
    }

    #[test]
    fn marzullo_finds_the_shared_range() {
        assert_eq!(
            largest_overlap(&[(8.0, 12.0), (11.0, 13.0), (10.0, 12.0)]),
            (3, 11.0, 12.0)
        );
        assert_eq!(largest_overlap(&[(0.0, 1.0), (1.0, 2.0)]).0, 2);
    }
}
