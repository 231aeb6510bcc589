package dev.modelkit.training.djl.internal.run;

import ai.djl.Device;
import dev.modelkit.training.*;
import dev.modelkit.training.djl.internal.data.*;
import dev.modelkit.training.djl.internal.eval.*;
import dev.modelkit.training.djl.internal.features.*;
import dev.modelkit.training.djl.internal.nn.*;
import java.nio.file.Path;
import java.time.Clock;
import java.util.*;
import org.junit.jupiter.api.Test;

class ExperimentTest {
  public static void main(String[] a) { new ExperimentTest().german(); }
  @Test
  void german() {
    Path data = Path.of(System.getProperty("modelkit.data"));
    DataSchema schema = new DataSchema(List.of("checking_status","duration","credit_history","purpose","credit_amount","savings_status","employment","installment_commitment","personal_status","other_parties","residence_since","property_magnitude","age","other_payment_plans","housing","existing_credits","job","num_dependents","own_telephone","foreign_worker"), List.of("class"), Map.of());
    DataSource src = new DataSource("german", DataFormat.ARFF, "credit/german_credit.arff", schema, null, null, null);
    List<String> fields = new ArrayList<>(schema.inputFields()); fields.add("class");
    DatasetLoader.Loaded loaded = new DatasetLoader(data, Clock.systemUTC(), InvalidRowPolicy.FAIL).load(List.of(src), fields, Set.of("class"), Map.of(), null);
    Table t = loaded.table();
    List<String> classes = List.of("good", "bad");
    int[] y = new int[t.size()];
    for (int i = 0; i < y.length; i++) y[i] = classes.indexOf(t.value(i, "class"));
    String spec = System.getProperty("exp", "32;0.001;0.0;64;100;0.0");
    for (String one : spec.split(",")) {
      String[] p = one.split(";");
      List<Integer> hidden = p[0].isEmpty() ? List.of() : Arrays.stream(p[0].split("x")).map(Integer::valueOf).toList();
      TrainingHyperparameters hp = TrainingHyperparameters.builder().hiddenUnits(hidden).learningRate(Double.parseDouble(p[1]))
          .weightDecay(Double.parseDouble(p[2])).batchSize(Integer.parseInt(p[3])).epochs(Integer.parseInt(p[4]))
          .optimizerConfig(new OptimizerConfig(OptimizerType.ADAMW, Map.of())).build();
      JobPlan plan = new JobPlan(schema.inputFields(), List.of(new TaskPlan("risk", "head", "class", classes, 1, 1f)),
          PreprocessingConfig.defaults(), null, "builtin", null, null, hp, Double.parseDouble(p[5]), 0, 1, ClassWeighting.none(), false,
          new NetworkTrainer.EarlyStopping(System.getProperty("esm", "roc_auc"), Integer.getInteger("patience", 10), 0.0, System.getProperty("esm", "roc_auc").contains("loss"), true), 1, "roc_auc", List.of(), Map.of(), LayerPlan.all(), null, null, 0, 0,
          new Device[] {Device.cpu()}, false, 0.2);
      FoldTrainer ft = new FoldTrainer(plan, Map.of());
      int[] all = new int[t.size()]; for (int i = 0; i < all.length; i++) all[i] = i;
      List<Splits.Split> folds = Splits.stratifiedKFold(all, y, 5, true, 42);
      int foldNo = 0;
      for (long fs : new long[] {42, 7, 1234}) {
      double sum = 0; long start = System.nanoTime(); StringBuilder eps = new StringBuilder();
      for (Splits.Split f : folds) {
        int[] trainLabels = Arrays.stream(f.train()).map(i -> y[i]).toArray();
        foldNo++;
        Splits.Split inner = Splits.holdout(f.train(), trainLabels, Double.parseDouble(System.getProperty("vs", "0.2")), fs + foldNo);
        try (PipelineResources res = new PipelineResources(null, 256, null, true)) {
          FoldTrainer.Fitted fit = ft.fit(t, List.of(y), inner.train(), inner.test(), fs + foldNo, res, new FoldTrainer.Hooks() {
            public boolean cancelled() { return false; }
            public void epoch(int e, double l, double r, Map<String, Double> v) {}
            public boolean wantsCheckpoint(int e, boolean i) { return false; }
            public void checkpoint(int e, byte[] s, Map<String, Double> v) {}
          }, null);
          List<double[][]> probs = ft.score(fit, t, f.test(), res);
          int[] yt = Arrays.stream(f.test()).map(i -> y[i]).toArray();
          double auc = Metrics.rocAuc(yt, Arrays.stream(probs.get(0)).mapToDouble(r -> r[1]).toArray(), 1);
          sum += auc; eps.append(fit.outcome().bestEpoch()).append('/').append(fit.outcome().epochsRun()).append(' ');
        }
      }
      System.out.printf("EXP %s mean AUC %.4f epochs %s time %.1fs%n", one, sum / 5, eps, (System.nanoTime() - start) / 1e9);
    }
    }
  }
}
