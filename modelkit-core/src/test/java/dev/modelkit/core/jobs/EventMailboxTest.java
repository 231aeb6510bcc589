package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.training.JobState;
import dev.modelkit.training.TrainingEvent;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reactive Streams behaviour of one subscriber's mailbox, driven on the calling thread. */
class EventMailboxTest {
  private static final Executor DIRECT = Runnable::run;

  private static TrainingEvent event(int epoch) {
    return new TrainingEvent("job-1", JobState.RUNNING, "model_training", epoch, 10, 0, Map.of(), null,
        Instant.parse("2025-03-01T09:00:00Z"));
  }

  @Test
  void deliversOnlyWhatWasRequestedThenCompletesAfterTheQueue() {
    JobLifecycleTest.RecordingSubscriber s = new JobLifecycleTest.RecordingSubscriber(2) {
      @Override
      public void onNext(TrainingEvent item) {
        received.add(item);
      }
    };
    EventMailbox m = new EventMailbox("job-1", s, DIRECT, x -> { });
    m.open();
    for (int i = 1; i <= 5; i++) {
      m.offer(event(i));
    }
    m.complete();
    assertEquals(2, s.received.size(), "only the two requested events");
    assertEquals(1, s.completed.getCount(), "not complete while events are undelivered");
  }

  @Test
  void aNonPositiveRequestIsAnErrorAndCancels() {
    AtomicInteger cancels = new AtomicInteger();
    JobLifecycleTest.RecordingSubscriber s = new JobLifecycleTest.RecordingSubscriber(0);
    EventMailbox m = new EventMailbox("job-1", s, DIRECT, x -> cancels.incrementAndGet());
    m.open();
    assertInstanceOf(IllegalArgumentException.class, s.error.get());
    assertEquals(1, cancels.get());
    m.offer(event(1));
    assertTrue(s.received.isEmpty());
  }

  @Test
  void aSubscriberFarBehindLosesTheOldestEventsNotTheLast() {
    JobLifecycleTest.RecordingSubscriber s = new JobLifecycleTest.RecordingSubscriber(1) {
      @Override
      public void onNext(TrainingEvent item) {
        received.add(item);
      }
    };
    EventMailbox m = new EventMailbox("job-1", s, DIRECT, x -> { });
    m.open();
    for (int i = 1; i <= EventMailbox.CAPACITY + 10; i++) {
      m.offer(event(i));
    }
    m.complete();
    m.request(Long.MAX_VALUE);
    assertEquals(EventMailbox.CAPACITY + 1, s.received.size(), "the first requested one, then a full buffer");
    assertEquals(EventMailbox.CAPACITY + 10, s.received.get(s.received.size() - 1).epoch());
    assertEquals(0, s.completed.getCount());
  }

  @Test
  void cancellingStopsDelivery() {
    AtomicInteger cancels = new AtomicInteger();
    JobLifecycleTest.RecordingSubscriber s = new JobLifecycleTest.RecordingSubscriber(Long.MAX_VALUE);
    EventMailbox m = new EventMailbox("job-1", s, DIRECT, x -> cancels.incrementAndGet());
    m.open();
    m.offer(event(1));
    m.cancel();
    m.offer(event(2));
    m.complete();
    assertEquals(1, s.received.size());
    assertEquals(1, cancels.get());
    assertEquals(1, s.completed.getCount(), "a cancelled subscriber gets no further signal");
  }
}
