//! threads4: when not to use async: scoped threads for CPU work.
//!
//! Async pays off when tasks spend their time *waiting*. This program never
//! waits: it checksums the blocks of a buffer, pure computation. Tokio would
//! bring a runtime and still not want this work on its tasks (a task that
//! computes for long holds up the others: `spawn_blocking` is for that), and
//! both `tokio::spawn` and `spawn_blocking` take only `'static` work, so
//! the buffer would first be copied or wrapped in an `Arc`. Plain threads fit
//! better, and `std::thread::scope` even lets them borrow: `scope` joins
//! every thread spawned in it before it returns, so they may use the
//! caller's data directly.

use std::thread;

/// A 64-bit FNV-1a hash: CPU work, no waiting.
fn checksum(block: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in block {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Runs `digest` on every `block_size` bytes of `data`, each block on a
/// thread of its own, all at once; returns the digests in block order.
fn checksum_blocks(
    data: &[u8],
    block_size: usize,
    digest: impl Fn(&[u8]) -> u64 + Sync,
) -> Vec<u64> {
    let digest = &digest;
    thread::scope(|scope| {
        // Spawn them all before joining any: joining inside the same `map`
        // would wait for each thread before starting the next.
        let threads: Vec<_> = data
            .chunks(block_size)
            .map(|block| scope.spawn(move || digest(block)))
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("a checksum thread panicked"))
            .collect()
    })
}

fn main() {
    let upload = vec![42; 1 << 20];
    let sums = checksum_blocks(&upload, 1 << 18, checksum);
    println!("{} blocks: {sums:x?}", sums.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::Duration;

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn checksums_every_block_in_order() {
        let data = data(10_000);
        let expected: Vec<u64> = data.chunks(4096).map(checksum).collect();
        assert_eq!(checksum_blocks(&data, 4096, checksum), expected);
        assert_eq!(checksum_blocks(&data[..3], 4096, checksum).len(), 1);
        assert!(checksum_blocks(&[], 4096, checksum).is_empty());
    }

    // Each block's digest first waits at a barrier until every block has
    // reached it: only as many threads as blocks, all running at once, get
    // through. The digest borrows the barrier, a local variable: no `Arc`,
    // no `'static`. The work runs in a thread of its own, so code that
    // checksums one block at a time fails the test instead of hanging it.
    #[test]
    fn blocks_are_checksummed_at_the_same_time() {
        for blocks in [2, 5] {
            let (done, outcome) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let data = data(blocks * 1000);
                let barrier = Barrier::new(blocks);
                let sums = checksum_blocks(&data, 1000, |block| {
                    barrier.wait();
                    checksum(block)
                });
                let _ = done.send(sums.len());
            });
            match outcome.recv_timeout(Duration::from_secs(2)) {
                Ok(sums) => assert_eq!(sums, blocks),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("the {blocks} blocks were never all being checksummed at once")
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("checksum_blocks panicked (its message is above)")
                }
            }
        }
    }
}
