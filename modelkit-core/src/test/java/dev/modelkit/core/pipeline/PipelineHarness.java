package dev.modelkit.core.pipeline;

import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.Evaluations;
import dev.modelkit.Pipelines;
import dev.modelkit.core.ModelKit;
import dev.modelkit.core.PipelineTestAccess;
import dev.modelkit.core.StandaloneContext;
import dev.modelkit.core.internal.FixtureLoader;
import dev.modelkit.core.internal.RuntimeServices;
import dev.modelkit.core.privacy.PiiScanner;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.spi.KeyProvider;
import dev.modelkit.spi.NotificationChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.mockito.AdditionalAnswers;

/**
 * A ModelKit with the {@link StumpEngine} and a {@link PipelineManager} over its stores whose runs
 * reach a test's {@link Evaluations} (the real suite is another module's), so that pipelines can
 * run every stage in core tests.
 */
final class PipelineHarness implements AutoCloseable {
  final ModelKit kit;
  final PipelineManager manager;
  final Evaluations evaluations = mock(Evaluations.class);
  final Path dataRoot;
  /** What deployModel returns in runs (the deploy module is not on this class path); null: the real call. */
  volatile dev.modelkit.deploy.ModelDeployment deployment;
  private final RuntimeServices rt;

  PipelineHarness(Path home, Path dataRoot, KeyProvider keys, Clock clock) {
    this(home, dataRoot, keys, clock, Map.of());
  }

  PipelineHarness(Path home, Path dataRoot, KeyProvider keys, Clock clock, Map<String, NotificationChannel> channels) {
    StumpEngine.reset();
    ModelKit.Builder b = ModelKit.builder().home(home).clock(clock).dataRoot(dataRoot).workers(1)
        .resourcePool(2, 2L << 30, 0).classLoader(FixtureLoader.adding("pipeline"));
    if (keys != null) {
      b.keyProvider(keys);
    }
    this.kit = b.build();
    this.dataRoot = dataRoot;
    this.rt = PipelineTestAccess.services(kit);
    this.manager = new PipelineManager(new PipelineEnvironment(rt.metadata(), rt.artifacts(), rt.json(), clock,
        rt.trainingEngine(), home, dataRoot, this::service, keys, new PiiScanner(java.util.List.of()), channels, 1,
        null));
  }

  /** The caller's service, with this harness's evaluations. */
  CustomModelTrainingService service(Principal p) {
    CustomModelTrainingService real = kit.service(p);
    CustomModelTrainingService s = mock(CustomModelTrainingService.class,
        withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
    doReturn(evaluations).when(s).evaluations();
    if (deployment != null) {
      doReturn(deployment).when(s).deployModel(org.mockito.ArgumentMatchers.anyString(),
          org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any(),
          org.mockito.ArgumentMatchers.any());
    }
    return s;
  }

  Pipelines as(Principal p) {
    return manager.pipelines(StandaloneContext.builder(p).metadata(rt.metadata()).artifacts(rt.artifacts())
        .json(rt.json()).clock(rt.clock()).service(service(p)).build());
  }

  ArtifactStore artifacts() {
    return rt.artifacts();
  }

  @Override
  public void close() {
    manager.close();
    kit.close();
  }
}
