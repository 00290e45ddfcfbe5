//! futures3: only async code can `.await`.
//!
//! `.await` waits for a future's output: when the future is not ready yet,
//! it suspends the function it is in, to be resumed once it is. A plain `fn`
//! cannot be suspended, so `.await` is only allowed inside an `async fn` or
//! an `async` block. Making a function async changes what it returns (a
//! future), so its callers must now await it too: async spreads upwards, to
//! the point where a runtime runs it.

use std::time::Duration;

/// Reads one sensor, in degrees Celsius.
async fn read_temperature(sensor: &str) -> f64 {
    // Pretend the sensor answers over the network.
    tokio::time::sleep(Duration::from_millis(10)).await;
    match sensor {
        "kitchen" => 21.0,
        "cellar" => 12.5,
        _ => 18.0,
    }
}

async fn average_temperature(sensors: &[&str]) -> f64 {
    let mut sum = 0.0;
    for sensor in sensors {
        sum += read_temperature(sensor).await;
    }
    sum / sensors.len() as f64
}

/// A one-line report for the house.
async fn report(sensors: &[&str]) -> String {
    let average = average_temperature(sensors).await;
    format!("average {average:.1} °C over {} sensors", sensors.len())
}

#[tokio::main]
async fn main() {
    println!("{}", report(&["kitchen", "cellar", "attic"]).await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::sync::mpsc::RecvTimeoutError;
    use tokio::time::Instant;

    /// Runs `work` on a current-thread runtime with a paused clock, in a
    /// thread of its own. An answer that blocks that thread instead of
    /// awaiting then fails here with a message instead of hanging the test.
    fn run_async<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> T {
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            let _ = done.send(runtime.block_on(work));
        });
        match outcome.recv_timeout(Duration::from_secs(2)) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => {
                panic!("still running after 2 s: something blocks the thread instead of awaiting")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the async code panicked (its message is above)")
            }
        }
    }

    #[test]
    fn reports_the_average_of_all_sensors() {
        let line = run_async(report(&["kitchen", "cellar", "attic"]));
        assert_eq!(line, "average 17.2 °C over 3 sensors");
    }

    #[test]
    fn one_sensor_is_its_own_average() {
        let line = run_async(report(&["cellar"]));
        assert_eq!(line, "average 12.5 °C over 1 sensors");
    }

    // A sensor answers in 10 ms of the paused clock: four readings one after
    // the other take 40 ms, and no reading at all takes no time.
    #[test]
    fn every_sensor_is_read() {
        let took = run_async(async {
            let start = Instant::now();
            report(&["attic", "kitchen", "cellar", "porch"]).await;
            start.elapsed()
        });
        assert_eq!(
            took,
            Duration::from_millis(40),
            "four sensors, 10 ms per reading: was each one read?"
        );
    }
}
