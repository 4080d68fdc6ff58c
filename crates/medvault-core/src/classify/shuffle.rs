//! A seeded shuffle (xorshift64 driving Fisher–Yates): training and
//! splitting are repeatable, so the built-in model can be rebuilt bit for bit.

/// A shuffler whose sequence is fixed by its starting state.
pub(crate) struct Shuffler(u64);

impl Shuffler {
    /// `state` must not be zero.
    pub(crate) fn new(state: u64) -> Self {
        Self(state)
    }

    /// The next number of the sequence.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Shuffles `v` in place.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let r = self.next();
            v.swap(i, (r % (i as u64 + 1)) as usize);
        }
    }
}
