package dev.modelkit.dashboard.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loss and metric curves of training jobs, collected from their progress events. The API
 * gives a job's latest progress only, so the dashboard subscribes to a job the first time a page
 * shows it unfinished and keeps its points in memory (bounded per job); epochs before that moment
 * are not on the curve.
 */
final class Curves implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Curves.class);
  static final int MAX_POINTS = 20_000;
  private static final int MAX_JOBS = 200;

  /**
   * One progress event with metrics.
   *
   * @param seq its position on the curve
   * @param event the event
   */
  record Point(int seq, TrainingEvent event) {}

  /** The points of one job and the subscription feeding them. */
  static final class Curve {
    private final List<Point> points = new ArrayList<>();
    private volatile AutoCloseable subscription;
    private volatile boolean finished;

    synchronized void add(TrainingEvent e) {
      if (points.size() < MAX_POINTS && e.epoch() > 0 && !e.metrics().isEmpty()) {
        points.add(new Point(points.size() + 1, e));
      }
    }

    synchronized List<Point> points() {
      return List.copyOf(points);
    }
  }

  private final Map<String, Curve> curves = new ConcurrentHashMap<>();

  /** Starts following an unfinished job once; the caller's service must be allowed to read it. */
  Curve follow(CustomModelTrainingService service, TrainingJob job) {
    String key = job.organizationId() + "/" + job.id();
    Curve existing = curves.get(key);
    if (existing != null || job.state().isTerminal()) {
      return existing == null ? new Curve() : existing;
    }
    if (curves.size() >= MAX_JOBS) {
      dropFinished();
    }
    Curve c = new Curve();
    Curve raced = curves.putIfAbsent(key, c);
    if (raced != null) {
      return raced;
    }
    try {
      c.subscription = service.jobs().subscribe(job.id(), e -> {
        c.add(e);
        if (e.state() != null && e.state().isTerminal()) {
          c.finished = true;
          closeQuietly(c.subscription);
        }
      });
    } catch (RuntimeException e) {
      curves.remove(key);
      throw e;
    }
    return c;
  }

  Curve get(TrainingJob job) {
    Curve c = curves.get(job.organizationId() + "/" + job.id());
    return c == null ? new Curve() : c;
  }

  private void dropFinished() {
    curves.entrySet().removeIf(e -> e.getValue().finished);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("closing a job subscription failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    curves.values().forEach(c -> closeQuietly(c.subscription));
    curves.clear();
  }
}
