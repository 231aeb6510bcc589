package dev.modelkit.deployment.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the router reads on every request for one model: the traffic split and, for each version
 * in it, the replicas that serve it. Immutable apart from the round-robin cursors; replaced as a
 * whole when a rollout changes anything.
 */
public final class RouteState {
  private final TrafficSplit split;
  private final Replica[][] replicas;
  private final AtomicInteger[] cursors;
  private final UnitAssigner assigner;

  /**
   * @param split the traffic split
   * @param replicasByVersion replicas for each version of the split, in split order
   */
  public RouteState(TrafficSplit split, List<List<Replica>> replicasByVersion) {
    this(split, replicasByVersion, null);
  }

  /**
   * @param split the traffic split; with an assigner, the planned shares (for the history)
   * @param replicasByVersion replicas for each version of the split, in split order
   * @param assigner chooses the version of requests with a routing key instead of the split, or null
   */
  public RouteState(TrafficSplit split, List<List<Replica>> replicasByVersion, UnitAssigner assigner) {
    this.assigner = assigner;
    if (replicasByVersion.size() != split.size()) {
      throw new IllegalArgumentException("need replicas for each of the " + split.size() + " versions of " + split);
    }
    this.split = split;
    this.replicas = new Replica[split.size()][];
    this.cursors = new AtomicInteger[split.size()];
    for (int i = 0; i < split.size(); i++) {
      List<Replica> r = replicasByVersion.get(i);
      if (r.isEmpty() && split.shares().containsKey(split.version(i))) {
        throw new IllegalArgumentException("version " + split.version(i) + " has traffic but no replica");
      }
      replicas[i] = r.toArray(new Replica[0]);
      cursors[i] = new AtomicInteger();
    }
  }

  /** @return the assigner that owns the split, or null when the split's buckets decide */
  public UnitAssigner assigner() {
    return assigner;
  }

  /** @return the traffic split */
  public TrafficSplit split() {
    return split;
  }

  /**
   * @param versionIndex index in the split
   * @return its replicas
   */
  public Replica[] replicas(int versionIndex) {
    return replicas[versionIndex];
  }

  /**
   * Picks a replica of a version round-robin, preferring healthy ones with a free slot, and
   * acquires it.
   *
   * @param versionIndex index in the split
   * @return an acquired replica, or null if every replica is retired
   */
  public Replica acquire(int versionIndex) {
    Replica[] rs = replicas[versionIndex];
    int n = rs.length;
    if (n == 0) {
      return null;
    }
    int start = (cursors[versionIndex].getAndIncrement() & Integer.MAX_VALUE) % n;
    for (int k = 0; k < n; k++) {
      Replica r = rs[(start + k) % n];
      if (r.healthy() && r.tryAcquire()) {
        return r;
      }
    }
    for (int k = 0; k < n; k++) {
      Replica r = rs[(start + k) % n];
      if (r.acquireOverCap()) {
        return r;
      }
    }
    return null;
  }
}
