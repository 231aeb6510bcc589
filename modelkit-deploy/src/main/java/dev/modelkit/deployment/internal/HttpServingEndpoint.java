package dev.modelkit.deployment.internal;

import dev.modelkit.DeploymentException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The {@code api} target: an HTTP/1.1 endpoint on a local port, built on Netty's NIO transport
 * with one event loop per core, keep-alive connections and one write-and-flush per response.
 * What it answers is {@link ServingRequests}'s business; this class only moves bytes.
 *
 * <p>Predictions run on the event loop unless the model's last 16 calls all took {@link
 * ServingRequests#INLINE_BELOW_NANOS} or more, because handing them to another thread would
 * cost more than the call; a slow model's requests run on the worker pool (the replicas' worker
 * threads), so they never stall other connections. Answers on one connection keep request order.
 *
 * <p>It serves one organisation's models through the shared {@link Router}, so traffic splits and
 * rollouts apply to HTTP and embedded callers alike. It has no authentication of its own and binds
 * to the loopback address unless told otherwise; put it behind the host's gateway to expose it.
 */
public final class HttpServingEndpoint implements AutoCloseable {
  private final EventLoopGroup loops;
  private final ExecutorService workers;
  private final Channel server;
  private final ServingRequests requests;
  private final ServingMetrics metrics;

  /**
   * Starts the server for one organisation's models.
   *
   * @param host address to bind, for example {@code 127.0.0.1}
   * @param port port, 0 for any free port
   * @param threads worker threads for slow model calls, at least 1
   * @param organizationId whose models it serves
   * @param router the router
   * @param metrics metrics to expose
   * @param ready readiness check
   * @throws DeploymentException if the port is in use or cannot be bound
   */
  public HttpServingEndpoint(String host, int port, int threads, String organizationId, Router router,
      ServingMetrics metrics, BooleanSupplier ready) {
    this(host, port, threads, ServingRequests.of(router, organizationId, metrics, ready), metrics);
  }

  /**
   * Starts the server with its answers given.
   *
   * @param host address to bind
   * @param port port, 0 for any free port
   * @param threads worker threads for slow model calls, at least 1
   * @param requests what it answers
   * @param metrics the metrics {@code requests} renders
   * @throws DeploymentException if the port is in use or cannot be bound
   */
  public HttpServingEndpoint(String host, int port, int threads, ServingRequests requests, ServingMetrics metrics) {
    this.requests = requests;
    this.metrics = metrics;
    workers = Executors.newFixedThreadPool(threads, named("modelkit-http-worker-"));
    // Netty's own thread factory: its FastThreadLocalThreads make the codec's thread-locals cheap
    loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory("modelkit-http-io", true), NioIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new BodyLimit(), new Handler());
          }
        });
    try {
      server = b.bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (Exception e) {
      stopThreads();
      if (e instanceof BindException) {
        throw new DeploymentException("Port " + port + " on " + host + " is already in use. Choose a free port in "
            + "target.configuration.port, or 0 to let the system pick one.", e);
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new DeploymentException("Cannot open an HTTP endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** @return the bound port */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** @return the metrics this endpoint exposes */
  public ServingMetrics metrics() {
    return metrics;
  }

  /** Stops accepting connections, lets in-flight requests finish for up to a second, then stops. */
  @Override
  public void close() {
    server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    stopThreads();
  }

  private void stopThreads() {
    // workers first: their answers are written by the event loops, which must still be running
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loops.shutdownGracefully(50, 1000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Collects a request's body up to {@link ServingRequests#MAX_BODY}, answering 413 past it. */
  private static final class BodyLimit extends HttpObjectAggregator {
    BodyLimit() {
      super(ServingRequests.MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      if (oversized instanceof HttpRequest) {
        // the rest of the body is still on its way: answer and close rather than read it
        write(ctx, ServingRequests.tooLarge(), false);
      } else {
        ctx.close();
      }
    }
  }

  /** One connection's requests, answered in order. Runs on its event loop only. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private boolean busy;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof FullHttpRequest req)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      Request r;
      try {
        if (req.decoderResult().isFailure()) {
          write(ctx, new ServingRequests.Response(400, ("{\"error\":\"malformed HTTP request\"}").getBytes(
              java.nio.charset.StandardCharsets.UTF_8), "application/json"), false);
          return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        r = new Request(req.method().name(), q < 0 ? uri : uri.substring(0, q), ByteBufUtil.getBytes(req.content()),
            keepAlive, keepAlive && !req.protocolVersion().isKeepAliveDefault());
      } finally {
        req.release();
      }
      if (busy) {
        waiting.add(r);
      } else {
        serve(ctx, r);
      }
    }

    private void serve(ChannelHandlerContext ctx, Request r) {
      if (!requests.runsOnWorker(r.path)) {
        write(ctx, requests.handle(r.method, r.path, r.body), r);
        return;
      }
      busy = true;
      ctx.channel().config().setAutoRead(false);
      try {
        workers.execute(() -> {
          ServingRequests.Response answer = requests.handle(r.method, r.path, r.body);
          try {
            ctx.executor().execute(() -> done(ctx, r, answer));
          } catch (RejectedExecutionException closing) {
            ctx.channel().close();
          }
        });
      } catch (RejectedExecutionException closing) {
        busy = false;
        write(ctx, new ServingRequests.Response(503, "{\"error\":\"the endpoint is shutting down\"}".getBytes(
            java.nio.charset.StandardCharsets.UTF_8), "application/json"), false);
      }
    }

    private void done(ChannelHandlerContext ctx, Request r, ServingRequests.Response answer) {
      busy = false;
      write(ctx, answer, r);
      ctx.channel().config().setAutoRead(true);
      Request next;
      while (!busy && (next = waiting.poll()) != null) {
        serve(ctx, next);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a reset or broken connection: nothing to answer to
      ctx.close();
    }
  }

  /** A request taken off its buffers; {@code sayKeepAlive} for HTTP/1.0 clients that asked to keep the connection. */
  private record Request(String method, String path, byte[] body, boolean keepAlive, boolean sayKeepAlive) {}

  private static void write(ChannelHandlerContext ctx, ServingRequests.Response answer, Request r) {
    if (r.sayKeepAlive) {
      FullHttpResponse res = response(answer);
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(res);
    } else {
      write(ctx, answer, r.keepAlive);
    }
  }

  private static FullHttpResponse response(ServingRequests.Response answer) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()),
        Unpooled.wrappedBuffer(answer.body()));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    return res;
  }

  private static void write(ChannelHandlerContext ctx, ServingRequests.Response answer, boolean keepAlive) {
    FullHttpResponse res = response(answer);
    if (!keepAlive) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(res);
    }
  }
}
