package dev.modelkit.core.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.resources.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceSchedulerTest {
  private static final long GIB = 1L << 30;
  private final List<String> admitted = new ArrayList<>();
  private final ResourceScheduler scheduler =
      new ResourceScheduler(new Demand(2000, 8 * GIB, 0), 4, t -> admitted.add(t.jobId()));

  private static Demand cpu(long milli) {
    return new Demand(milli, GIB, 0);
  }

  @Test
  void higherPriorityIsAdmittedFirstThenArrivalOrder() {
    scheduler.submit("o", "blocker", new Demand(2000, GIB, 0), Priority.LOW);
    scheduler.submit("o", "low", cpu(1000), Priority.LOW);
    scheduler.submit("o", "medium1", cpu(1000), Priority.MEDIUM);
    scheduler.submit("o", "high", cpu(1000), Priority.HIGH);
    scheduler.submit("o", "medium2", cpu(1000), Priority.MEDIUM);
    assertEquals(List.of("blocker"), admitted);
    assertEquals(List.of("high", "medium1", "medium2", "low"),
        scheduler.snapshot().queued().stream().map(ResourceScheduler.Ticket::jobId).toList());

    scheduler.release("blocker");
    assertEquals(List.of("blocker", "high", "medium1"), admitted);
    scheduler.release("high");
    scheduler.release("medium1");
    assertEquals(List.of("blocker", "high", "medium1", "medium2", "low"), admitted);
  }

  @Test
  void aHeadThatDoesNotFitBlocksSmallerJobsBehindIt() {
    scheduler.submit("o", "a", cpu(1000), Priority.MEDIUM);
    scheduler.submit("o", "big", cpu(2000), Priority.HIGH);
    scheduler.submit("o", "small", cpu(500), Priority.LOW);
    // 1 core is free and "small" would fit, but strict order keeps it behind "big".
    assertEquals(List.of("a"), admitted);
    scheduler.release("a");
    assertEquals(List.of("a", "big"), admitted);
    scheduler.release("big");
    assertEquals(List.of("a", "big", "small"), admitted);
  }

  @Test
  void withdrawingTheBlockingHeadAdmitsWhatIsBehindIt() {
    scheduler.submit("o", "a", cpu(1000), Priority.MEDIUM);
    scheduler.submit("o", "big", cpu(2000), Priority.HIGH);
    scheduler.submit("o", "small", cpu(500), Priority.LOW);
    assertTrue(scheduler.withdraw("big"));
    assertEquals(List.of("a", "small"), admitted);
    assertFalse(scheduler.withdraw("big"));
    assertFalse(scheduler.withdraw("a"), "an admitted job cannot be withdrawn");
  }

  @Test
  void memoryAndWorkerSlotsBoundAdmissionToo() {
    ResourceScheduler s = new ResourceScheduler(new Demand(64_000, 8 * GIB, 0), 2, t -> admitted.add(t.jobId()));
    s.submit("o", "m1", new Demand(100, 6 * GIB, 0), Priority.MEDIUM);
    s.submit("o", "m2", new Demand(100, 4 * GIB, 0), Priority.MEDIUM);
    assertEquals(List.of("m1"), admitted);
    s.release("m1");
    s.submit("o", "m3", new Demand(100, GIB, 0), Priority.MEDIUM);
    s.submit("o", "m4", new Demand(100, GIB, 0), Priority.MEDIUM);
    assertEquals(List.of("m1", "m2", "m3"), admitted, "two worker slots");
    assertEquals(new Demand(200, 5 * GIB, 0), s.snapshot().inUse());
  }

  @Test
  void refusesWhatCanNeverFitAndDuplicates() {
    assertThrows(IllegalArgumentException.class, () -> scheduler.submit("o", "x", cpu(2001), Priority.HIGH));
    scheduler.submit("o", "a", cpu(2000), Priority.HIGH);
    assertThrows(IllegalStateException.class, () -> scheduler.submit("o", "a", cpu(1), Priority.HIGH));
    scheduler.stop();
    assertThrows(IllegalStateException.class, () -> scheduler.submit("o", "b", cpu(1), Priority.HIGH));
  }
}
