package dev.modelkit.core.jobs;

import dev.modelkit.training.TrainingEvent;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscriber's events in order on ModelKit's event threads, honouring the
 * subscriber's demand. Publishing never blocks: a subscriber that falls more than {@link
 * #CAPACITY} events behind loses the oldest progress events (never the final one) and is told so
 * in the log, so a slow listener can never hold up training or other listeners.
 */
final class EventMailbox implements Flow.Subscription, Runnable {
  static final int CAPACITY = 4096;
  private static final int BATCH = 64;
  private static final Logger LOG = LoggerFactory.getLogger(EventMailbox.class);

  private final String jobId;
  private final Flow.Subscriber<? super TrainingEvent> subscriber;
  private final Executor executor;
  private final Consumer<EventMailbox> onCancel;
  private final ArrayDeque<TrainingEvent> queue = new ArrayDeque<>();
  private long demand;
  private boolean subscribeSent;
  private boolean upstreamDone;
  private boolean terminated;
  private boolean scheduled;
  private long dropped;
  private IllegalArgumentException badRequest;
  private Throwable failure;

  EventMailbox(String jobId, Flow.Subscriber<? super TrainingEvent> subscriber, Executor executor, Consumer<EventMailbox> onCancel) {
    this.jobId = jobId;
    this.subscriber = subscriber;
    this.executor = executor;
    this.onCancel = onCancel;
  }

  /** Sends {@code onSubscribe}; call once, right after creating the mailbox. */
  void open() {
    schedule();
  }

  void offer(TrainingEvent event) {
    synchronized (this) {
      if (terminated || upstreamDone) {
        return;
      }
      if (queue.size() >= CAPACITY) {
        queue.pollFirst();
        if (dropped++ == 0) {
          LOG.warn("A subscriber of job {} is more than {} events behind; its oldest progress events are dropped",
              jobId, CAPACITY);
        }
      }
      queue.addLast(event);
    }
    schedule();
  }

  /** Delivers what is queued, then completes. */
  void complete() {
    synchronized (this) {
      upstreamDone = true;
    }
    schedule();
  }

  /** Delivers what is queued, then signals {@code onError}. */
  void fail(Throwable error) {
    synchronized (this) {
      if (upstreamDone) {
        return;
      }
      failure = error;
      upstreamDone = true;
    }
    schedule();
  }

  @Override
  public void request(long n) {
    synchronized (this) {
      if (terminated) {
        return;
      }
      if (n <= 0) {
        badRequest = new IllegalArgumentException("request(" + n + ") violates Reactive Streams rule 3.9: n must be positive");
      } else {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
    }
    schedule();
  }

  @Override
  public void cancel() {
    synchronized (this) {
      if (terminated) {
        return;
      }
      terminated = true;
      queue.clear();
    }
    onCancel.accept(this);
  }

  private void schedule() {
    synchronized (this) {
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    try {
      executor.execute(this);
    } catch (RejectedExecutionException closed) {
      synchronized (this) {
        scheduled = false;
        terminated = true;
      }
    }
  }

  @Override
  public void run() {
    for (int i = 0; i < BATCH; i++) {
      Runnable signal = nextSignal();
      if (signal == null) {
        return;
      }
      try {
        signal.run();
      } catch (RuntimeException | Error e) {
        // Rule 2.13: a subscriber that throws is treated as having cancelled.
        LOG.warn("A subscriber of job {} threw {}; it receives no further events", jobId, e.toString());
        cancel();
      }
    }
    synchronized (this) {
      scheduled = false;
    }
    schedule();
  }

  /** @return the next signal to send, or null (and marks the mailbox idle) when there is none */
  private synchronized Runnable nextSignal() {
    if (!subscribeSent) {
      subscribeSent = true;
      return () -> subscriber.onSubscribe(this);
    }
    if (terminated) {
      scheduled = false;
      return null;
    }
    if (badRequest != null) {
      terminated = true;
      IllegalArgumentException e = badRequest;
      return () -> {
        onCancel.accept(this);
        subscriber.onError(e);
      };
    }
    if (!queue.isEmpty() && demand > 0) {
      TrainingEvent e = queue.pollFirst();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      return () -> subscriber.onNext(e);
    }
    if (queue.isEmpty() && upstreamDone) {
      terminated = true;
      Throwable error = failure;
      return error == null ? subscriber::onComplete : () -> subscriber.onError(error);
    }
    scheduled = false;
    return null;
  }
}
