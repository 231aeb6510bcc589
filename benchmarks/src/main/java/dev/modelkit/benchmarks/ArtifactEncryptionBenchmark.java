package dev.modelkit.benchmarks;

import dev.modelkit.core.privacy.EnvelopeCipher;
import dev.modelkit.spi.KeyProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of streaming artifact encryption (format MKE2: 64 KiB AES-GCM segments under a
 * wrapped per-blob key, each verified before release) against one AES-GCM operation over the
 * whole array, which is what the earlier whole-in-memory format did. In memory, no disk, so the
 * figures are the cipher's own.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar ArtifactEncryptionBenchmark -wi 2 -i 3 -w 2s -r 3s -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ArtifactEncryptionBenchmark {
  /** Plaintext bytes per operation. */
  @Param({"16777216"})
  public int size;

  private SecretKey key;
  private EnvelopeCipher cipher;
  private byte[] plain;
  private byte[] mke2;
  private byte[] oneShot;
  private byte[] oneShotNonce;
  private byte[] encryptNonce;
  private byte[] sink;
  private long calls;

  /** Makes the plaintext and one ciphertext of each kind to decrypt. */
  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    byte[] keyBytes = new byte[32];
    new SplittableRandom(7).nextBytes(keyBytes);
    key = new SecretKeySpec(keyBytes, "AES");
    KeyProvider keys = new KeyProvider() {
      @Override
      public String currentKeyId(String organizationId) {
        return "bench";
      }

      @Override
      public SecretKey key(String keyId) {
        return key;
      }
    };
    cipher = new EnvelopeCipher(keys, new SecureRandom());
    plain = new byte[size];
    new SplittableRandom(42).nextBytes(plain);
    mke2 = cipher.encrypt("bench", plain);
    oneShotNonce = new byte[12];
    new SecureRandom().nextBytes(oneShotNonce);
    oneShot = gcm(Cipher.ENCRYPT_MODE, oneShotNonce).doFinal(plain);
    encryptNonce = oneShotNonce.clone();
    sink = new byte[64 * 1024];
  }

  /** @return the bytes passed through, so the work is not dead code */
  @Benchmark
  public long encryptStreaming() throws IOException {
    try (InputStream in = cipher.encryptingStream("bench", new ByteArrayInputStream(plain))) {
      return drain(in);
    }
  }

  /** @return the bytes passed through */
  @Benchmark
  public long decryptStreaming() throws IOException {
    try (InputStream in = cipher.decryptingStream(new ByteArrayInputStream(mke2), "bench blob")) {
      return drain(in);
    }
  }

  /** @return the ciphertext length */
  @Benchmark
  public int baselineOneShotEncrypt() throws GeneralSecurityException {
    // a new nonce each call, as a real writer must use
    ByteBuffer.wrap(encryptNonce).putLong(4, ++calls);
    return gcm(Cipher.ENCRYPT_MODE, encryptNonce).doFinal(plain).length;
  }

  /** @return the plaintext length */
  @Benchmark
  public int baselineOneShotDecrypt() throws GeneralSecurityException {
    return gcm(Cipher.DECRYPT_MODE, oneShotNonce).doFinal(oneShot).length;
  }

  private Cipher gcm(int mode, byte[] nonce) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(128, nonce));
    return c;
  }

  private long drain(InputStream in) throws IOException {
    long total = 0;
    for (int n; (n = in.read(sink)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
