//! Wrong answer to intro2: joins every thread, so it does wait for them, but
//! throws away what each one returned.
//!
//! Rejected by: tests::returns_one_sum_per_chunk_in_order, tests::sums_large_chunks

use std::thread;

/// Adds up one chunk of numbers: pure CPU work, nothing to wait for.
fn sum_chunk(chunk: &[u64]) -> u64 {
    chunk.iter().sum()
}

/// Sums every chunk on a thread of its own and returns the sums in order.
fn sum_chunks_in_parallel(chunks: Vec<Vec<u64>>) -> Vec<u64> {
    let handles: Vec<thread::JoinHandle<u64>> = chunks
        .into_iter()
        .map(|chunk| thread::spawn(move || sum_chunk(&chunk)))
        .collect();

    for handle in handles {
        handle.join().expect("a summing thread panicked");
    }
    Vec::new()
}

fn main() {
    let chunks = vec![(1..=1_000).collect(), (1_001..=2_000).collect()];
    let sums = sum_chunks_in_parallel(chunks);
    println!("sums: {sums:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_one_sum_per_chunk_in_order() {
        let chunks = vec![vec![1, 2, 3], vec![], vec![10, 20], vec![5; 100]];
        assert_eq!(sum_chunks_in_parallel(chunks), vec![6, 0, 30, 500]);
    }

    #[test]
    fn sums_large_chunks() {
        let chunks: Vec<Vec<u64>> = (0..4u64)
            .map(|n| (n * 10_000..(n + 1) * 10_000).collect())
            .collect();
        let expected: Vec<u64> = chunks.iter().map(|c| c.iter().sum()).collect();
        assert_eq!(sum_chunks_in_parallel(chunks), expected);
    }
}
