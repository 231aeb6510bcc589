package dev.modelkit.core.jobs;

import dev.modelkit.training.TrainingEvent;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a plain listener to a subscriber with unbounded demand. A listener that throws loses only
 * that event: it keeps receiving the following ones, and the job never notices.
 */
final class ListenerSubscriber implements Flow.Subscriber<TrainingEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerSubscriber.class);
  private final String jobId;
  private final Consumer<TrainingEvent> listener;
  private long failures;

  ListenerSubscriber(String jobId, Consumer<TrainingEvent> listener) {
    this.jobId = jobId;
    this.listener = listener;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(TrainingEvent e) {
    try {
      listener.accept(e);
    } catch (RuntimeException ex) {
      // Logged once per listener so that a listener failing on every event cannot flood the log.
      if (failures++ == 0) {
        LOG.warn("A listener of job {} threw on a {} event; it keeps receiving events, and further failures are "
            + "logged at debug level", jobId, e.stage(), ex);
      } else {
        LOG.debug("A listener of job {} threw again on a {} event: {}", jobId, e.stage(), ex.toString());
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    LOG.warn("Events of job {} ended with an error: {}", jobId, t.toString());
  }

  @Override
  public void onComplete() {
    // the job ended; nothing follows its last event
  }
}
