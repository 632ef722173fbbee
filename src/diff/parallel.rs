//! Independent pieces of work (section pairs, changes) split over the machine's cores, their
//! results kept in order.

/// `f` of each item, in order, on up to every core: the items in contiguous parts of about equal
/// `weight`, as many parts as there are cores but none lighter than `min_weight` (starting a
/// thread costs more than a light part saves).
pub fn map_in_parallel<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    min_weight: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let weights: Vec<usize> = items.iter().map(weight).collect();
    let total: usize = weights.iter().sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(total / min_weight.max(1)).max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let parts = split(&weights, total, threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter().map(|range| &items[range]);
        let first = parts.next().unwrap_or_default();
        // The other parts on threads of their own, the first on this one.
        let others: Vec<_> = parts
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<R> = first.iter().map(f).collect();
        for part in others {
            out.extend(part.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        out
    })
}

/// `parts` contiguous ranges covering `weights`, each ending where the running weight first
/// reaches its share of `total`.
fn split(weights: &[usize], total: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut running) = (0, 0);
    for (k, w) in weights.iter().enumerate() {
        running += w;
        if ranges.len() + 1 < parts && running * parts >= total * (ranges.len() + 1) {
            ranges.push(start..k + 1);
            start = k + 1;
        }
    }
    ranges.push(start..weights.len());
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_share_the_weight_and_cover_every_item_once() {
        assert_eq!(split(&[1, 1, 1, 1], 4, 2), [0..2, 2..4]);
        // One heavy item makes a part of its own.
        assert_eq!(split(&[1, 10, 1, 1], 13, 2), [0..2, 2..4]);
        assert_eq!(split(&[10, 1, 1, 1], 13, 2), [0..1, 1..4]);
        assert_eq!(split(&[1, 1, 1], 3, 3), [0..1, 1..2, 2..3]);
        // More parts than the weight can fill leave the last ones empty, never an item out.
        assert_eq!(split(&[5], 5, 2), [0..1, 1..1]);
        assert_eq!(split(&[], 0, 2), vec![std::ops::Range { start: 0, end: 0 }]);
    }

    #[test]
    fn results_come_in_the_items_order() {
        let items: Vec<usize> = (0..1000).collect();
        let squares = map_in_parallel(&items, |&k| k % 7, 1, |&k| k * k);
        assert_eq!(squares, items.iter().map(|k| k * k).collect::<Vec<_>>());
        let alone = map_in_parallel(&items, |_| 1, usize::MAX, |&k| k + 1);
        assert_eq!(alone, items.iter().map(|k| k + 1).collect::<Vec<_>>());
    }
}
