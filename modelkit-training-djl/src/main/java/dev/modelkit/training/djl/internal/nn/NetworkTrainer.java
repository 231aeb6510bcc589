package dev.modelkit.training.djl.internal.nn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import dev.modelkit.TrainingException;
import dev.modelkit.training.OptimizerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains one {@link TabularNetwork} on DJL's PyTorch engine: seeded shuffling, mini-batches with
 * gradient accumulation, global-norm gradient clipping, scheduled learning rate, label smoothing,
 * numeric-noise augmentation, layer plans (freezing, gradual unfreezing), validation every N
 * epochs, early stopping that restores the best weights, cancellation between batches, and
 * checkpoints that resume exactly (weights, optimiser moments, step, early-stopping state, and
 * per-epoch random streams).
 */
public final class NetworkTrainer {
  private static final String ENGINE = "PyTorch";

  /**
   * One task's labels.
   *
   * @param classes number of classes
   * @param labels class index per row
   * @param rowWeights loss weight per row
   */
  public record Task(int classes, int[] labels, float[] rowWeights) {}

  /**
   * Training rows.
   *
   * @param x features
   * @param tasks labels per task (task 0 is the primary)
   * @param teacherSoft the teacher's temperature-softened probabilities for task 0, or null
   */
  public record Data(float[][] x, List<Task> tasks, float[][] teacherSoft) {}

  /**
   * Early stopping.
   *
   * @param metric the monitored metric
   * @param patience validations without improvement before stopping
   * @param minDelta smallest improvement
   * @param minimize whether smaller is better
   * @param stop whether to stop (false only selects and restores the best epoch)
   */
  public record EarlyStopping(String metric, int patience, double minDelta, boolean minimize, boolean stop) {}

  /**
   * Everything about how to train.
   *
   * @param epochs epochs
   * @param batchSize rows per micro-batch
   * @param accumulation micro-batches per optimiser step
   * @param clipNorm largest global gradient norm, 0 for none
   * @param optimizer optimiser settings
   * @param weightDecay weight decay
   * @param schedule the learning-rate schedule
   * @param labelSmoothing label smoothing
   * @param numericNoise noise on continuous features
   * @param continuous which features are continuous
   * @param seed the seed
   * @param validationFrequency validate every this many epochs
   * @param earlyStopping best-epoch selection, or null to keep the last weights
   * @param layerPlan which layers train when
   * @param devices devices to train on (data parallel when more than one)
   * @param distillation temperature and alpha, or null
   * @param taskWeights static loss weight per task
   */
  public record Options(int epochs, int batchSize, int accumulation, double clipNorm, OptimizerConfig optimizer,
      double weightDecay, LearningRateSchedule schedule, double labelSmoothing, double numericNoise, boolean[] continuous,
      long seed, int validationFrequency, EarlyStopping earlyStopping, LayerPlan layerPlan, Device[] devices,
      double[] distillation, List<Float> taskWeights) {}

  /** Receives what happens and decides about cancellation and checkpoints. */
  public interface Listener {
    /** @return whether to stop at the next batch */
    boolean cancelled();

    /**
     * @param probabilities per task, the validation rows' class probabilities
     * @return validation metrics
     */
    Map<String, Double> validate(List<double[][]> probabilities);

    /**
     * @param epoch the finished epoch
     * @param loss its mean training loss
     * @param rate the learning rate at its end
     * @param validation its validation metrics, empty when it did not validate
     */
    void epoch(int epoch, double loss, double rate, Map<String, Double> validation);

    /**
     * @param epoch the finished epoch
     * @param improved whether it was the best so far
     * @return whether to write a checkpoint now
     */
    boolean wantsCheckpoint(int epoch, boolean improved);

    /**
     * @param epoch the finished epoch
     * @param state the complete training state
     * @param validation its validation metrics
     */
    void checkpoint(int epoch, byte[] state, Map<String, Double> validation);
  }

  /**
   * How training ended.
   *
   * @param weights the final weights (the best epoch's when early stopping selected one)
   * @param epochsRun epochs completed
   * @param bestEpoch the epoch whose weights were kept
   * @param bestValidation that epoch's validation metrics
   * @param stoppedEarly whether patience ran out
   * @param cancelled whether cancellation stopped it
   * @param losses mean training loss per epoch
   */
  public record Outcome(NamedWeights weights, int epochsRun, int bestEpoch, Map<String, Double> bestValidation,
      boolean stoppedEarly, boolean cancelled, List<Double> losses) {}

  /**
   * Trains.
   *
   * @param net the network (not yet initialised)
   * @param train training rows
   * @param validationX validation features, or null
   * @param options how
   * @param listener progress, validation, cancellation and checkpoints
   * @param initializer sets starting weights after the seeded initialisation (transfer), or null
   * @param resume a checkpoint state to continue from, or null
   * @return the outcome
   * @throws TrainingException when the loss stops being finite, naming epoch, batch and rate
   */
  public Outcome fit(TabularNetwork net, Data train, float[][] validationX, Options options, Listener listener,
      Consumer<TabularNetwork> initializer, byte[] resume) {
    int n = train.x().length;
    int width = net.inputWidth();
    int tasks = train.tasks().size();
    ClassificationLoss loss = new ClassificationLoss(options.taskWeights(), net.hasLogVariance(),
        options.distillation() == null ? 0 : options.distillation()[0],
        options.distillation() == null ? 0 : options.distillation()[1]);
    ModelKitOptimizer optimizer = new ModelKitOptimizer(options.optimizer(), options.weightDecay(), options.schedule());
    Device[] devices = options.devices();
    try (Model model = Model.newInstance("modelkit", devices[0], ENGINE)) {
      model.setBlock(net);
      // DJL's Trainer would refuse the first step of a softmax head whose gradients sum to exactly
      // zero (its sanity check sums them), so the parameter store is driven directly, as the Trainer does.
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      store.setParameterServer(new LocalParameterServer(optimizer), devices);
      Session trainer = new Session(model.getNDManager(), net, store, loss);
      {
        net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, width));
        net.initializeWeights(options.seed());
        if (initializer != null) {
          initializer.accept(net);
        }
        Map<String, Parameter> params = net.namedParameters();
        Map<String, String> nameOf = new HashMap<>();
        Map<String, String> idOf = new LinkedHashMap<>();
        Map<String, NDArray> arrays = new HashMap<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
          nameOf.put(e.getValue().getId(), e.getKey());
          idOf.put(e.getKey(), e.getValue().getId());
          arrays.put(e.getValue().getId(), e.getValue().getArray());
        }
        int startEpoch = 1;
        int bestEpoch = 0;
        double bestScore = Double.NaN;
        int wait = 0;
        NamedWeights best = null;
        Map<String, Double> bestValidation = Map.of();
        List<Double> losses = new ArrayList<>();
        if (resume != null) {
          NamedWeights state = NamedWeights.fromBytes(resume);
          state.under("p:").restore(params, null);
          optimizer.load(idOf, arrays, state.under("o:"));
          float[] meta = state.get("meta").values();
          startEpoch = (int) meta[0] + 1;
          bestEpoch = (int) meta[2];
          wait = (int) meta[3];
          double[] exact = state.doubles("exact");
          // checkpoints before "exact" kept the step and best score as floats only; a float-rounded
          // best lets a later tie (common for rank metrics such as ROC AUC) pass for an improvement
          optimizer.step(exact != null ? (int) exact[0] : (int) meta[1]);
          bestScore = exact != null ? exact[1] : meta[4];
          NamedWeights saved = state.under("b:");
          best = saved.tensors().isEmpty() ? null : saved;
          NamedWeights validated = state.under("v:");
          Map<String, Double> restoredValidation = new LinkedHashMap<>();
          for (String metric : validated.tensors().keySet()) {
            restoredValidation.put(metric, validated.doubles(metric)[0]);
          }
          bestValidation = Map.copyOf(restoredValidation);
          double[] exactLosses = state.doubles("losses64");
          if (exactLosses != null) {
            for (double l : exactLosses) {
              losses.add(l);
            }
          } else if (state.get("losses") != null) {
            for (float l : state.get("losses").values()) {
              losses.add((double) l);
            }
          }
        }
        boolean stoppedEarly = false;
        boolean cancelled = false;
        int epoch = startEpoch - 1;
        for (int e = startEpoch; e <= options.epochs() && !stoppedEarly; e++) {
          applyPlan(options.layerPlan().multipliers(e, net.layerNames()), params, optimizer);
          SplittableRandom order = new SplittableRandom(mix(options.seed(), e, 1));
          SplittableRandom noise = new SplittableRandom(mix(options.seed(), e, 2));
          net.dropoutRandom(new SplittableRandom(mix(options.seed(), e, 3)));
          int[] perm = permutation(n, order);
          double epochLoss = 0;
          int batches = 0;
          int micro = 0;
          for (int start = 0; start < n; start += options.batchSize()) {
            if (listener.cancelled()) {
              cancelled = true;
              break;
            }
            int end = Math.min(n, start + options.batchSize());
            double l = forwardBackward(trainer, train, perm, start, end, options, noise, tasks, devices, e, batches);
            epochLoss += l;
            batches++;
            micro++;
            if (micro == options.accumulation() || end == n) {
              clip(params, options.clipNorm(), optimizer);
              trainer.step();
              optimizer.nextStep();
              micro = 0;
            }
          }
          if (cancelled) {
            break;
          }
          epoch = e;
          losses.add(epochLoss / Math.max(1, batches));
          Map<String, Double> validation = Map.of();
          boolean improved = false;
          if (validationX != null && (e % options.validationFrequency() == 0 || e == options.epochs())) {
            validation = listener.validate(probabilities(trainer, validationX, tasks, net.hasLogVariance()));
            if (options.earlyStopping() != null) {
              EarlyStopping es = options.earlyStopping();
              Double v = validation.get(es.metric());
              if (v == null) {
                throw new TrainingException("early stopping monitors '" + es.metric() + "', which is not among the"
                    + " computed metrics " + validation.keySet() + "; name one of them");
              }
              double score = es.minimize() ? -v : v;
              if (Double.isNaN(bestScore) || score > bestScore + es.minDelta()) {
                bestScore = score;
                bestEpoch = e;
                bestValidation = validation;
                best = NamedWeights.snapshot(params);
                wait = 0;
                improved = true;
              } else {
                wait++;
                if (es.stop() && wait >= es.patience()) {
                  stoppedEarly = true;
                }
              }
            }
          }
          listener.epoch(e, losses.get(losses.size() - 1), optimizer.currentRate(), validation);
          if (listener.wantsCheckpoint(e, improved)) {
            NamedWeights state = new NamedWeights();
            state.putAll("p:", NamedWeights.snapshot(params));
            NamedWeights opt = new NamedWeights();
            optimizer.save(nameOf, opt);
            state.putAll("o:", opt);
            if (best != null) {
              state.putAll("b:", best);
            }
            state.put("meta", new long[] {5}, new float[] {e, optimizer.step(), bestEpoch, wait, (float) bestScore});
            state.putDoubles("exact", optimizer.step(), bestScore);
            for (Map.Entry<String, Double> v : bestValidation.entrySet()) {
              state.putDoubles("v:" + v.getKey(), v.getValue());
            }
            double[] history = new double[losses.size()];
            for (int i = 0; i < history.length; i++) {
              history[i] = losses.get(i);
            }
            state.putDoubles("losses64", history);
            listener.checkpoint(e, state.toBytes(), validation);
          }
        }
        NamedWeights finalWeights = best != null ? best : NamedWeights.snapshot(params);
        optimizer.close();
        return new Outcome(finalWeights, epoch, best != null ? bestEpoch : epoch, bestValidation, stoppedEarly,
            cancelled, losses);
      }
    }
  }

  private static void applyPlan(Map<String, Float> layerMultipliers, Map<String, Parameter> params,
      ModelKitOptimizer optimizer) {
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      String layer = e.getKey().contains(".") ? e.getKey().substring(0, e.getKey().indexOf('.')) : e.getKey();
      optimizer.multiplier(e.getValue().getId(), layerMultipliers.getOrDefault(layer, 1f));
    }
  }

  private double forwardBackward(Session trainer, Data train, int[] perm, int start, int end, Options o,
      SplittableRandom noise, int tasks, Device[] devices, int epoch, int batch) {
    int rows = end - start;
    int width = train.x()[0].length;
    int classes0 = train.tasks().get(0).classes();
    double total = 0;
    try (NDScope scope = new NDScope(); GradientCollector collector = trainer.newGradientCollector()) {
      scope.suppressNotUsedWarning();
      int parts = Math.min(devices.length, rows);
      for (int p = 0; p < parts; p++) {
        int ps = start + rows * p / parts;
        int pe = start + rows * (p + 1) / parts;
        int m = pe - ps;
        NDManager manager = trainer.getManager();
        float[] x = new float[m * width];
        for (int i = 0; i < m; i++) {
          float[] row = train.x()[perm[ps + i]];
          System.arraycopy(row, 0, x, i * width, width);
          if (o.numericNoise() > 0) {
            for (int j = 0; j < width; j++) {
              if (o.continuous()[j]) {
                x[i * width + j] += (float) (noise.nextGaussian() * o.numericNoise());
              }
            }
          }
        }
        Device d = devices[p];
        NDList labels = new NDList();
        for (int t = 0; t < tasks; t++) {
          Task task = train.tasks().get(t);
          int c = task.classes();
          float[] targets = new float[m * c];
          float[] w = new float[m];
          float off = (float) (o.labelSmoothing() / c);
          for (int i = 0; i < m; i++) {
            int r = perm[ps + i];
            for (int k = 0; k < c; k++) {
              targets[i * c + k] = off;
            }
            targets[i * c + task.labels()[r]] += (float) (1 - o.labelSmoothing());
            w[i] = task.rowWeights()[r];
          }
          labels.add(manager.create(targets, new Shape(m, c)).toDevice(d, false));
          labels.add(manager.create(w, new Shape(m)).toDevice(d, false));
        }
        if (train.teacherSoft() != null) {
          float[] soft = new float[m * classes0];
          for (int i = 0; i < m; i++) {
            System.arraycopy(train.teacherSoft()[perm[ps + i]], 0, soft, i * classes0, classes0);
          }
          labels.add(manager.create(soft, new Shape(m, classes0)).toDevice(d, false));
        }
        NDArray input = manager.create(x, new Shape(m, width)).toDevice(d, false);
        NDList predictions = trainer.forward(new NDList(input), labels);
        NDArray unscaled = trainer.getLoss().evaluate(labels, predictions);
        // not mul(Number): see NamedWeights.constant
        NDArray loss = unscaled.mul(NamedWeights.constant(unscaled, (float) m / rows / o.accumulation()));
        float value = loss.getFloat();
        if (!Float.isFinite(value)) {
          throw new TrainingException(String.format(java.util.Locale.ROOT,
              "the training loss became %s at epoch %d, batch %d (learning rate %.3g); lower the learning rate"
                  + " (for example to %.3g) or set hyperparameters.gradientClipping", Float.isNaN(value) ? "NaN" : "infinite",
              epoch, batch + 1, o.schedule().rate(0 + Math.max(0, batch)), o.schedule().base() / 10));
        }
        total += value * o.accumulation();
        collector.backward(loss);
      }
    }
    return total;
  }

  private static void clip(Map<String, Parameter> params, double clipNorm, ModelKitOptimizer optimizer) {
    if (clipNorm <= 0) {
      optimizer.gradScale(1f);
      return;
    }
    double sq = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Parameter p : params.values()) {
        NDArray g = p.getArray().getGradient();
        sq += g.square().sum().getFloat();
      }
    }
    double norm = Math.sqrt(sq);
    optimizer.gradScale(norm > clipNorm ? (float) (clipNorm / norm) : 1f);
  }

  /**
   * Class probabilities per task with the trainer's current weights.
   */
  private static List<double[][]> probabilities(Session trainer, float[][] x, int tasks, boolean logVariance) {
    List<double[][]> out = new ArrayList<>();
    int n = x.length;
    int width = x[0].length;
    double[][][] all = new double[tasks][n][];
    for (int start = 0; start < n; start += 4096) {
      int end = Math.min(n, start + 4096);
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        float[] flat = new float[(end - start) * width];
        for (int i = start; i < end; i++) {
          System.arraycopy(x[i], 0, flat, (i - start) * width, width);
        }
        NDArray input = trainer.getManager().create(flat, new Shape(end - start, width));
        NDList outputs = trainer.evaluate(new NDList(input));
        for (int t = 0; t < tasks; t++) {
          NDArray p = outputs.get(t).softmax(1);
          int c = (int) p.getShape().get(1);
          float[] v = p.toFloatArray();
          for (int i = start; i < end; i++) {
            double[] row = new double[c];
            for (int k = 0; k < c; k++) {
              row[k] = v[(i - start) * c + k];
            }
            all[t][i] = row;
          }
        }
      }
    }
    for (int t = 0; t < tasks; t++) {
      out.add(all[t]);
    }
    return out;
  }

  /** The pieces of DJL's Trainer this loop needs: a manager, forward passes and the optimiser step. */
  private record Session(NDManager manager, TabularNetwork net, ParameterStore store, ClassificationLoss loss) {
    NDManager getManager() {
      return manager;
    }

    GradientCollector newGradientCollector() {
      return Engine.getEngine(ENGINE).newGradientCollector();
    }

    NDList forward(NDList input, NDList labels) {
      return net.forward(store, input, true);
    }

    NDList evaluate(NDList input) {
      return net.forward(store, input, false);
    }

    ClassificationLoss getLoss() {
      return loss;
    }

    void step() {
      store.updateAllParameters();
    }
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static long mix(long seed, int epoch, int stream) {
    return seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + stream;
  }
}
