package dev.modelkit.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.StoreException;
import dev.modelkit.spi.ArtifactRef;
import dev.modelkit.spi.ArtifactStore;
import dev.modelkit.tck.ArtifactStoreCompatibilityKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Runs the artifact store kit on the file store, plus what is specific to it. */
class FileArtifactStoreTest extends ArtifactStoreCompatibilityKit {

  @Override
  protected ArtifactStore openStore(Path dir) {
    return FileArtifactStore.open(dir);
  }

  @Override
  protected Path fileOf(ArtifactRef ref) {
    return ((FileArtifactStore) store).fileOf(ref);
  }

  @Nested
  class FileSpecifics {
    @Test
    void artifactsLiveUnderTheirDigest() throws IOException {
      ArtifactRef ref = store.put(bytes(1, 10));

      assertEquals(dir.resolve("artifacts").resolve("sha256").resolve(ref.sha256().substring(0, 2))
          .resolve(ref.sha256()), fileOf(ref));
      assertTrue(Files.isRegularFile(fileOf(ref)));
      assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(ref))),
          "stored artifacts are read-only");
    }

    @Test
    void leftoversOfAKilledProcessAreRemovedAtOpenAndNeverVisible() throws IOException {
      store.put(bytes(2, 10));
      Path tmp = dir.resolve("artifacts").resolve("tmp");
      // pid 2^22+1 is above Linux's pid_max default, so no live process has it
      Path leftover = Files.write(tmp.resolve("4194305-0a1b.tmp"), bytes(3, 1000));
      Path mine = Files.write(tmp.resolve(ProcessHandle.current().pid() + "-in-progress.tmp"), bytes(4, 10));

      reopen();

      assertFalse(Files.exists(leftover), "a dead process's temporary file must be removed");
      assertTrue(Files.exists(mine), "a live process's temporary file may still be in use");
      assertEquals(1, objectFiles().size());
    }

    @Test
    void putsLeaveNoTemporaryFiles() throws IOException {
      for (int i = 0; i < 5; i++) {
        store.put(bytes(10 + i, 5000));
        store.put(bytes(10 + i, 5000));
      }

      try (Stream<Path> files = Files.list(dir.resolve("artifacts").resolve("tmp"))) {
        assertEquals(List.of(), files.collect(Collectors.toList()));
      }
      assertEquals(5, objectFiles().size());
    }

    @Test
    void corruptionMessageNamesTheFileAndTheFix() throws IOException {
      ArtifactRef ref = store.put(bytes(5, 100));
      corrupt(ref, 50);

      StoreException e = assertThrows(StoreException.class, () -> store.read(ref));

      assertTrue(e.getMessage().startsWith("Artifact sha256:" + ref.sha256() + " stored at " + fileOf(ref)
          + " is corrupt: expected 100 bytes with that digest but read 100 bytes hashing to sha256:"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("Restore the file from a backup or store the artifact again;"
          + " ModelKit will not use corrupt content."), e.getMessage());
    }

    @Test
    void anInterruptedThreadCanStillStoreAndRead() {
      byte[] content = bytes(6, 300_000);
      Thread.currentThread().interrupt();
      try {
        ArtifactRef ref = store.put(content);
        assertEquals(content.length, store.read(ref).length);
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt must be kept for the caller");
      }
    }

    @Test
    void aMissingSourceFileSaysSo() {
      Path missing = dir.resolve("no-such-model.bin");

      StoreException e = assertThrows(StoreException.class, () -> store.put(missing));

      assertEquals("Could not store " + missing + " as an artifact: the file does not exist. Check the path.",
          e.getMessage());
    }

    private List<Path> objectFiles() throws IOException {
      try (Stream<Path> files = Files.walk(dir.resolve("artifacts").resolve("sha256"))) {
        return files.filter(Files::isRegularFile).collect(Collectors.toList());
      }
    }
  }
}
