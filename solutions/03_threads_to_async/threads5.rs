//! threads5: per-request context: from `thread_local!` to `task_local!`.
//!
//! Threaded servers often keep the context of the request being served (the
//! user, the tenant, a trace id) in a `thread_local!`: one request per thread
//! at a time, so the thread's value is the request's. Tasks break that rule.
//! Many tasks take turns on one thread, switching whenever one waits, so the
//! value one task stored is what the next task on that thread reads; and on
//! a multi-thread runtime a task may even resume on another thread. Tokio's
//! `task_local!` keeps a value per *task*: `KEY.scope(value, future).await`
//! runs `future` with the value set, and code anywhere inside it reads the
//! value back with `KEY.get()` (or `KEY.with(|value| ...)`).

use std::time::Duration;

/// What each tenant's database holds. One tenant must never see another's.
fn orders_in_database(tenant: &str) -> Vec<&'static str> {
    match tenant {
        "acme" => vec!["anvil", "rocket"],
        "globex" => vec!["doomsday device"],
        _ => Vec::new(),
    }
}

tokio::task_local! {
    /// The tenant whose request is being served.
    static TENANT: &'static str;
}

/// The data layer: every query reads the tenant from the request's context,
/// not from a parameter.
async fn query_orders() -> Vec<&'static str> {
    // Waiting for a free connection from the pool.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let tenant = TENANT.get();
    orders_in_database(tenant)
}

/// Serves one request: checks the tenant's token (which takes
/// `token_check`), then lists the tenant's orders.
async fn handle(tenant: &'static str, token_check: Duration) -> Vec<&'static str> {
    // Everything awaited inside the scope sees this tenant, whichever other
    // tasks run on the thread meanwhile.
    TENANT
        .scope(tenant, async {
            tokio::time::sleep(token_check).await;
            query_orders().await
        })
        .await
}

#[tokio::main]
async fn main() {
    let acme = tokio::spawn(handle("acme", Duration::from_millis(30)));
    let globex = tokio::spawn(handle("globex", Duration::from_millis(10)));
    println!("acme sees {:?}", acme.await.unwrap());
    println!("globex sees {:?}", globex.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn one_request_sees_its_own_orders() {
        assert_eq!(
            handle("acme", Duration::from_millis(5)).await,
            ["anvil", "rocket"]
        );
        assert_eq!(
            handle("globex", Duration::from_millis(5)).await,
            ["doomsday device"]
        );
    }

    // The tokens take 30, 10 and 12 ms to check, so the three requests
    // interleave on the one thread, as a server's requests do: Initech's
    // starts its query while Globex's waits for a connection.
    #[tokio::test(start_paused = true)]
    async fn concurrent_requests_never_see_each_others_orders() {
        let start = Instant::now();
        let acme = tokio::spawn(handle("acme", Duration::from_millis(30)));
        let globex = tokio::spawn(handle("globex", Duration::from_millis(10)));
        let initech = tokio::spawn(handle("initech", Duration::from_millis(12)));
        let leak = "a request saw another tenant's orders";
        assert_eq!(acme.await.unwrap(), ["anvil", "rocket"], "{leak}");
        assert_eq!(globex.await.unwrap(), ["doomsday device"], "{leak}");
        assert!(initech.await.unwrap().is_empty(), "{leak}");
        assert_eq!(start.elapsed(), Duration::from_millis(35));
    }
}
