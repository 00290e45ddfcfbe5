//! Wrong answer to blocking2: moves the checksum into `tokio::spawn`. A task
//! is still run by the runtime's threads, and the checksum never awaits, so it
//! holds its thread just the same.
//!
//! Rejected by: tests::other_tasks_run_while_the_checksum_is_computed

/// CPU-heavy: a 64-bit FNV-1a hash of `data`. Reports the bytes done after
/// every KiB, like a real compressor or hasher would for a progress bar.
fn checksum(data: &[u8], on_progress: impl Fn(usize)) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (index, block) in data.chunks(1024).enumerate() {
        for &byte in block {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        on_progress(index * 1024 + block.len());
    }
    hash
}

/// Checksums an upload without holding up the runtime's other tasks.
async fn checksum_upload(data: Vec<u8>, on_progress: impl Fn(usize) + Send + 'static) -> u64 {
    tokio::spawn(async move { checksum(&data, on_progress) })
        .await
        .expect("the checksum panicked")
}

#[tokio::main]
async fn main() {
    let upload = vec![7u8; 10_000];
    let sum = checksum_upload(upload, |done| println!("{done} bytes")).await;
    println!("checksum {sum:016x}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    use std::time::Duration;

    fn upload() -> Vec<u8> {
        (0..4096u32).map(|i| (i % 251) as u8).collect()
    }

    #[tokio::test]
    async fn the_checksum_is_right() {
        let expected = checksum(&upload(), |_| {});
        assert_eq!(checksum_upload(upload(), |_| {}).await, expected);
    }

    #[tokio::test]
    async fn other_tasks_run_while_the_checksum_is_computed() {
        // A task on the runtime that answers every ping it gets.
        let (pings, mut incoming) = tokio::sync::mpsc::unbounded_channel::<mpsc::Sender<()>>();
        tokio::spawn(async move {
            while let Some(reply) = incoming.recv().await {
                let _ = reply.send(());
            }
        });

        // Halfway through, the checksum pings that task and waits (up to a
        // second) for the answer, which only comes if the runtime is free.
        let answered = Arc::new(AtomicBool::new(false));
        let on_progress = {
            let answered = answered.clone();
            move |done: usize| {
                if done == 2048 {
                    let (reply, answer) = mpsc::channel();
                    pings.send(reply).unwrap();
                    let ok = answer.recv_timeout(Duration::from_secs(1)).is_ok();
                    answered.store(ok, Ordering::SeqCst);
                }
            }
        };
        checksum_upload(upload(), on_progress).await;
        assert!(
            answered.load(Ordering::SeqCst),
            "no other task could run while the checksum was being computed"
        );
    }
}
