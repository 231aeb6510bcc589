package dev.modelkit.core.jobs;

import dev.modelkit.training.TrainingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The subscribers of one job and the signal that it ended. Events are fanned out to each
 * subscriber's {@link EventMailbox} under the hub's lock, so every subscriber sees them in the
 * same order they were published.
 */
final class EventHub {
  private final List<EventMailbox> mailboxes = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private boolean closed;
  private int waiters;

  /** @return false if the hub already closed; the caller must then look at the stored job */
  synchronized boolean add(EventMailbox m) {
    if (closed) {
      return false;
    }
    mailboxes.add(m);
    return true;
  }

  synchronized void remove(EventMailbox m) {
    mailboxes.remove(m);
  }

  synchronized void addWaiter() {
    waiters++;
  }

  synchronized void removeWaiter() {
    waiters--;
  }

  /** @return whether nobody subscribes to or waits on the hub */
  synchronized boolean idle() {
    return waiters == 0 && mailboxes.isEmpty();
  }

  synchronized void publish(TrainingEvent e) {
    for (EventMailbox m : mailboxes) {
      m.offer(e);
    }
  }

  /** Completes every subscriber after its queued events and wakes every waiter. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (EventMailbox m : mailboxes) {
      m.complete();
    }
    mailboxes.clear();
    ended.countDown();
  }

  CountDownLatch ended() {
    return ended;
  }
}
