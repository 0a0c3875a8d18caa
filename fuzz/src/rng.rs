//! A seeded SplitMix64 generator.
//!
//! Written here rather than taken from a crate for two reasons: the fuzzer's promise is that a
//! `--seed` replays the same cases on any machine and any later build, which only holds if we
//! own the algorithm (a crate may change its output in a minor release); and CI compiles this
//! crate in release mode just for a smoke run, so every dependency costs build time.

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, passes BigCrush, ample for picking
/// mutations.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a strong 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// The generator of case `index` in a run seeded with `seed`. Each case has its own stream,
    /// so one case can be regenerated without replaying the ones before it.
    pub fn for_case(seed: u64, index: u64) -> Self {
        Rng::new(mix(seed) ^ mix(index.wrapping_add(GOLDEN_GAMMA)))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A number in `0..n`; 0 when `n` is 0, so callers need no special case for empty ranges.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Multiply-shift (Lemire) instead of `%`: no modulo bias worth speaking of, no division.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A random element of `items`, `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// A random string of `items`, `""` when it is empty.
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        self.pick(items).copied().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let first: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        assert_ne!(
            first,
            (0..8).map(|_| Rng::new(8).next_u64()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn splitmix_reference_values() {
        // From the reference implementation seeded with 1234567.
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn cases_have_distinct_streams() {
        let a = Rng::for_case(1, 0).next_u64();
        let b = Rng::for_case(1, 1).next_u64();
        let c = Rng::for_case(2, 0).next_u64();
        assert!(a != b && a != c && b != c);
        assert_eq!(a, Rng::for_case(1, 0).next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::new(3);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let value = rng.below(5);
            assert!(value < 5);
            seen[value] = true;
        }
        assert!(seen.iter().all(|hit| *hit));
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.pick::<u8>(&[]), None);
        assert_eq!(rng.pick_str(&[]), "");
    }
}
