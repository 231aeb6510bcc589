package dev.modelkit.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded HTTP/1.1 load generator for loopback only: client threads with keep-alive sockets
 * POST a fixed body to one URL until stopped or a deadline passes, recording the end time and
 * latency of every request. It refuses any host but the loopback address, and it always stops by
 * itself at its deadline.
 */
final class LoopbackLoad implements AutoCloseable {
  private final int port;
  private final String path;
  private final byte[] request;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final List<long[]> samples = new ArrayList<>();
  private final List<int[]> counts = new ArrayList<>();
  private final long deadlineNanos;
  private final List<String> errors = new ArrayList<>();

  /**
   * @param port loopback port
   * @param path request path
   * @param body JSON body
   * @param clients client threads
   * @param maxSeconds hard limit after which every client stops
   * @param capacityPerClient most samples kept per client
   */
  LoopbackLoad(int port, String path, String body, int clients, int maxSeconds, int capacityPerClient) {
    this.port = port;
    this.path = path;
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    this.request = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + b.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    this.deadlineNanos = System.nanoTime() + maxSeconds * 1_000_000_000L;
    for (int c = 0; c < clients; c++) {
      long[] s = new long[capacityPerClient * 2];
      int[] n = new int[1];
      samples.add(s);
      counts.add(n);
      Thread t = new Thread(() -> run(s, n), "load-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void run(long[] s, int[] n) {
    Socket socket = null;
    while (!stop.get() && System.nanoTime() < deadlineNanos) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
          socket.setSoTimeout(5000);
        }
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        while (!stop.get() && System.nanoTime() < deadlineNanos) {
          long t0 = System.nanoTime();
          out.write(request);
          out.flush();
          int status = readResponse(in);
          long t1 = System.nanoTime();
          if (status != 200) {
            failures.incrementAndGet();
            note("HTTP " + status);
          }
          int i = n[0];
          if (2 * i + 1 < s.length) {
            s[2 * i] = t1;
            s[2 * i + 1] = t1 - t0;
            n[0] = i + 1;
          }
        }
      } catch (IOException e) {
        failures.incrementAndGet();
        note(e.toString());
        try {
          if (socket != null) {
            socket.close();
          }
        } catch (IOException ignored) {
          // the socket is being replaced anyway
        }
        socket = null;
      }
    }
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing at the end of the run
    }
  }

  private synchronized void note(String e) {
    if (errors.size() < 10) {
      errors.add(e);
    }
  }

  private static int readResponse(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int status = -1;
    int length = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        String l = line.toString().trim();
        line.setLength(0);
        if (l.isEmpty()) {
          break;
        }
        if (status < 0) {
          status = Integer.parseInt(l.split(" ")[1]);
        } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(l.substring(15).trim());
        }
      } else {
        line.append((char) c);
      }
    }
    in.skipNBytes(length);
    return status;
  }

  /** @return requests that failed (non-200 or I/O error) */
  long failures() {
    return failures.get();
  }

  /** @return up to ten failure descriptions */
  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /**
   * @param fromNanos start of an interval (System.nanoTime)
   * @param toNanos end
   * @return latencies in nanoseconds of requests that completed in the interval, sorted
   */
  long[] latencies(long fromNanos, long toNanos) {
    long[] out = new long[1024];
    int k = 0;
    for (int c = 0; c < samples.size(); c++) {
      long[] s = samples.get(c);
      int n = counts.get(c)[0];
      for (int i = 0; i < n; i++) {
        if (s[2 * i] >= fromNanos && s[2 * i] < toNanos) {
          if (k == out.length) {
            out = Arrays.copyOf(out, k * 2);
          }
          out[k++] = s[2 * i + 1];
        }
      }
    }
    long[] r = Arrays.copyOf(out, k);
    Arrays.sort(r);
    return r;
  }

  static double percentileMillis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
  }
}
