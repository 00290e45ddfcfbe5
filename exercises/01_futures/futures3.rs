//! futures3: only async code can `.await`.
//!
//! `.await` suspends the function it is in until the future is ready. A plain
//! `fn` cannot be suspended, so `.await` is only allowed inside an `async fn`
//! or an `async` block. Making a function async changes what it returns (a
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

// TODO: this function awaits, so it cannot be a plain `fn`.
fn average_temperature(sensors: &[&str]) -> f64 {
    let mut sum = 0.0;
    for sensor in sensors {
        sum += read_temperature(sensor).await;
    }
    sum / sensors.len() as f64
}

/// A one-line report for the house.
async fn report(sensors: &[&str]) -> String {
    // TODO: once `average_temperature` is async, what does this call return?
    let average = average_temperature(sensors);
    format!("average {average:.1} °C over {} sensors", sensors.len())
}

#[tokio::main]
async fn main() {
    println!("{}", report(&["kitchen", "cellar", "attic"]).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn reports_the_average_of_all_sensors() {
        let line = report(&["kitchen", "cellar", "attic"]).await;
        assert_eq!(line, "average 17.2 °C over 3 sensors");
    }

    #[tokio::test(start_paused = true)]
    async fn one_sensor_is_its_own_average() {
        assert_eq!(report(&["cellar"]).await, "average 12.5 °C over 1 sensors");
    }
}
