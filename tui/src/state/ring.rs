//! A bounded FIFO: the newest `capacity` values, oldest first.

use std::collections::VecDeque;

/// Keeps the last `capacity` pushed values; pushing into a full ring forgets the oldest.
#[derive(Clone, Debug)]
pub struct Ring<T> {
    items: VecDeque<T>,
    capacity: usize,
}

impl<T> Ring<T> {
    /// An empty ring that holds at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Ring {
            items: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
        }
    }

    /// Appends `value`, dropping the oldest when full.
    pub fn push(&mut self, value: T) {
        if self.items.len() == self.capacity {
            self.items.pop_front();
        }
        self.items.push_back(value);
    }

    /// Values, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.items.iter()
    }

    /// The newest value.
    pub fn last(&self) -> Option<&T> {
        self.items.back()
    }

    /// The newest value that satisfies `pred`.
    pub fn find_last_mut(&mut self, pred: impl Fn(&T) -> bool) -> Option<&mut T> {
        self.items.iter_mut().rev().find(|v| pred(v))
    }

    /// Number of values held.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was pushed (or everything was cleared).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn keeps_the_newest() {
        let mut r = Ring::new(3);
        for i in 0..5 {
            r.push(i);
        }
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(r.last(), Some(&4));
        assert_eq!(r.len(), 3);
    }
}
