package dev.modelkit.deploy;

import static dev.modelkit.Violations.assertViolations;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelkit.config.Quantity;
import dev.modelkit.experiment.ModelVariant;
import dev.modelkit.experiment.Significance;
import dev.modelkit.experiment.SuccessMetric;
import dev.modelkit.experiment.VariantStatus;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.ReviewStatus;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.resources.Priority;
import dev.modelkit.resources.ResourceRequirements;
import dev.modelkit.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation of the deployment, experiment, knowledge, resource and security records. */
class DeployAndOtherRecordsTest {

  @Test
  void canaryStagesMustClimbTo100() {
    assertViolations(() -> new RolloutStrategy(RolloutType.CANARY, 120.0, null, List.of(
            new CanaryStage(50, 60, null), new CanaryStage(10, 60, null), new CanaryStage(90, 0, null)), 0, null),
        "stages[2].percentage was '90' but it must be 100 in the last stage",
        "stages[1].percentage was '10' but it must not be lower than the stage before",
        "percentage was '120' but it must be between 0 and 100",
        "batchSize was '0' but it must be at least 1");
    assertViolations(() -> new RolloutStrategy(RolloutType.CANARY, null, null, null, null, null),
        "stages was '[]' but it must list at least one stage for a canary rollout");
    // without an experiment id the deployment creates its experiment
    assertEquals(null, new RolloutStrategy(RolloutType.AB_TEST, 20.0, null, null, null, null).experimentId());
    assertEquals(RolloutType.BLUE_GREEN, RolloutStrategy.blueGreen().type());
  }

  @Test
  void stagesScalingAndHealthChecks() {
    assertViolations(() -> new CanaryStage(101, -1, List.of("")),
        "percentage was '101' but it must be between 0 and 100",
        "duration was '-1' but it must be 0 or greater",
        "criteria[0] was '' but it must not be blank");
    assertViolations(() -> new ScalingConfig(0, -1, 0, 101),
        "minReplicas was '0' but it must be at least 1",
        "maxReplicas was '-1' but it must be at least minReplicas (0)",
        "targetCPU was '0' but it must be between 1 and 100",
        "targetMemory was '101' but it must be between 1 and 100");
    assertViolations(() -> new HealthCheckConfig("health", 0, -1, 0),
        "path was 'health' but it must start with /",
        "interval was '0' but it must be greater than 0",
        "timeout was '-1' but it must be greater than 0",
        "retries was '0' but it must be at least 1");
    assertViolations(() -> new AlertConfig(null, " ", null, null),
        "name was missing but it must be present", "condition was ' ' but it must not be blank");
    assertEquals(List.of("alert"), new AlertConfig("a", "error_rate > 0.1", null, null).actions());
  }

  @Test
  void targetsAndAllocations() {
    assertViolations(() -> new DeploymentTarget(null, null, null, null, null, null, null, null),
        "id was missing but it must be present",
        "environment was missing but it must be present",
        "type was missing but it must be present",
        "configuration was missing but it must be present");
    assertViolations(() -> new DeploymentConfig(0, null, null, null, null, null, null), "replicas was '0' but it must be at least 1");
    assertViolations(() -> new ResourceAllocation(null, null, null, null),
        "cpu was missing but it must be present", "memory was missing but it must be present");
    DeploymentTarget t = new DeploymentTarget("api", null, Environment.STAGING, TargetType.API,
        new DeploymentConfig(1, null, null, null, null, null, null), null, null, null);
    assertEquals("api", t.name());
    assertEquals(List.of(), t.monitoring().alerts());
  }

  @Test
  void resourceRequirements() {
    assertViolations(() -> new ResourceRequirements(Quantity.parse("0"), null, null, null, null, null),
        "memory was missing but it must be present", "cpu was '0' but it must be greater than 0");
    ResourceRequirements r = ResourceRequirements.of("500m", "8Gi", null);
    assertEquals(Priority.MEDIUM, r.priority());
    assertEquals(Quantity.of(0), r.gpu());
    assertEquals(Quantity.of(0), r.storage());
  }

  @Test
  void experimentTypes() {
    assertViolations(() -> new ModelVariant("", null, null, " ", null, 101, null),
        "id was '' but it must not be blank",
        "modelId was missing but it must be present",
        "version was ' ' but it must not be blank",
        "allocation was '101' but it must be between 0 and 100");
    ModelVariant v = new ModelVariant("a", null, "m", "1", null, 50, null);
    assertEquals("a", v.name());
    assertEquals(VariantStatus.ACTIVE, v.status());
    assertEquals(Map.of(), v.configuration());
    assertViolations(() -> new SuccessMetric(" ", null, null, null, null),
        "name was ' ' but it must not be blank",
        "type was missing but it must be present",
        "direction was missing but it must be present");
    assertEquals(Significance.SECONDARY, new SuccessMetric("x", dev.modelkit.experiment.MetricType.QUALITY, null,
        dev.modelkit.experiment.MetricDirection.INCREASE, null).significance());
  }

  @Test
  void knowledgeTypes() {
    assertViolations(() -> new KnowledgeDocument(null, null, null, null, null, List.of(" "), null, null, null, null),
        "id was missing but it must be present",
        "content was missing but it must be present",
        "type was missing but it must be present",
        "tags[0] was ' ' but it must not be blank");
    KnowledgeDocument d = new KnowledgeDocument("d", null, "text", DocumentType.POLICY, null, null, null, null, null, null);
    assertEquals("d", d.title());
    assertEquals(ReviewStatus.DRAFT, d.reviewStatus());
    assertEquals("internal", d.metadata().classification());
    assertViolations(() -> new SearchRequest(" ", 0, null, null),
        "query was ' ' but it must not be blank", "k was '0' but it must be between 1 and 1000");
    assertEquals(SearchMode.HYBRID, SearchRequest.of("q", 5).mode());
  }

  @Test
  void principals() {
    assertViolations(() -> new Principal("-bad", "org a", null),
        "userId was '-bad' but it must be 1 to 128 letters, digits or . _ @ : - starting with a letter or digit",
        "organizationId was 'org a' but it must be 1 to 128 letters, digits or . _ @ : - starting with a letter or digit",
        "roles was missing but it must be present");
    assertEquals(Set.of("data_scientist"), Principal.of("alice", "org", "data_scientist").roles());
  }
}
