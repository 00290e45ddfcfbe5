//! Wrong answer to broadcast1: unwraps the broadcast `send`, which fails when
//! nobody is subscribed. Speaking in an empty room then panics.
//!
//! Rejected by: tests::talking_to_an_empty_room_is_fine

use tokio::sync::broadcast;

pub struct ChatRoom {
    sender: broadcast::Sender<String>,
}

pub struct Listener {
    receiver: broadcast::Receiver<String>,
}

impl ChatRoom {
    pub fn open() -> Self {
        // Room for 64 messages that some listener has not read yet. The first
        // receiver is not needed: listeners subscribe when they join.
        let (sender, _) = broadcast::channel(64);
        ChatRoom { sender }
    }

    pub fn join(&self) -> Listener {
        Listener {
            receiver: self.sender.subscribe(),
        }
    }

    pub fn say(&self, message: &str) {
        self.sender.send(message.to_string()).unwrap();
    }
}

impl Listener {
    /// The next message, or `None` once the room is gone.
    pub async fn next_message(&mut self) -> Option<String> {
        // An error means the room closed (or this listener fell too far
        // behind, which broadcast2 is about).
        self.receiver.recv().await.ok()
    }
}

#[tokio::main]
async fn main() {
    let room = ChatRoom::open();
    let (mut ada, mut bob) = (room.join(), room.join());
    room.say("hello, everyone");
    println!("ada reads {:?}", ada.next_message().await);
    println!("bob reads {:?}", bob.next_message().await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::time::timeout;

    async fn next(listener: &mut Listener) -> Option<String> {
        timeout(Duration::from_secs(1), listener.next_message())
            .await
            .expect("this listener waited for a message that never came")
    }

    #[tokio::test(start_paused = true)]
    async fn every_listener_reads_every_message() {
        let room = ChatRoom::open();
        let mut listeners = [room.join(), room.join(), room.join()];
        room.say("hi");
        room.say("who is here?");
        for listener in &mut listeners {
            assert_eq!(next(listener).await.as_deref(), Some("hi"));
            assert_eq!(next(listener).await.as_deref(), Some("who is here?"));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_joiner_sees_only_what_is_said_after_joining() {
        let room = ChatRoom::open();
        let mut early = room.join();
        room.say("before");
        let mut late = room.join();
        room.say("after");
        assert_eq!(next(&mut early).await.as_deref(), Some("before"));
        assert_eq!(next(&mut early).await.as_deref(), Some("after"));
        assert_eq!(next(&mut late).await.as_deref(), Some("after"));
    }

    #[tokio::test(start_paused = true)]
    async fn talking_to_an_empty_room_is_fine() {
        let room = ChatRoom::open();
        room.say("anyone here?");
        let mut listener = room.join();
        room.say("hello");
        assert_eq!(
            next(&mut listener).await.as_deref(),
            Some("hello"),
            "a listener hears only what is said after it joined"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn listeners_hear_the_end_when_the_room_closes() {
        let room = ChatRoom::open();
        let mut listener = room.join();
        room.say("bye");
        drop(room);
        assert_eq!(next(&mut listener).await.as_deref(), Some("bye"));
        assert_eq!(next(&mut listener).await, None);
    }
}
