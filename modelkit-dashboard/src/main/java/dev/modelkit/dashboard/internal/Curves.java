package dev.modelkit.dashboard.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.training.TrainingEvent;
import dev.modelkit.training.TrainingJob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loss and metric curves of training jobs, collected from their progress events. The first
 * time a page shows an unfinished job the dashboard subscribes to it, then fills in the epochs
 * before that moment from {@code jobs().history} (dropping events the subscription already
 * delivered), and keeps the points in memory (bounded per job). A finished job's curve is read
 * from its history once and kept like the others.
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

    /**
     * Puts the events from before the subscription in front of the live ones, skipping those the
     * subscription delivered too.
     */
    synchronized void backfill(List<TrainingEvent> history) {
      Set<TrainingEvent> live = new HashSet<>();
      List<TrainingEvent> merged = new ArrayList<>();
      for (Point p : points) {
        live.add(p.event());
      }
      for (TrainingEvent e : history) {
        if (!live.contains(e)) {
          merged.add(e);
        }
      }
      for (Point p : points) {
        merged.add(p.event());
      }
      points.clear();
      for (TrainingEvent e : merged) {
        add(e);
      }
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
      c.backfill(service.jobs().history(job.id()));
    } catch (RuntimeException e) {
      curves.remove(key);
      closeQuietly(c.subscription);
      throw e;
    }
    return c;
  }

  /**
   * The curve of a finished job: the one followed while it ran, else read once from its history.
   * The caller's service must be allowed to read the job.
   */
  Curve get(CustomModelTrainingService service, TrainingJob job) {
    String key = job.organizationId() + "/" + job.id();
    Curve c = curves.get(key);
    if (c != null) {
      return c;
    }
    Curve read = new Curve();
    read.backfill(service.jobs().history(job.id()));
    read.finished = true;
    if (curves.size() >= MAX_JOBS) {
      dropFinished();
    }
    Curve raced = curves.putIfAbsent(key, read);
    return raced == null ? read : raced;
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
