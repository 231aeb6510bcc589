package dev.modelkit.kb.lucene.internal;

import dev.modelkit.AccessDeniedException;
import dev.modelkit.InvalidStateException;
import dev.modelkit.KnowledgeBases;
import dev.modelkit.NotFoundException;
import dev.modelkit.config.Checks;
import dev.modelkit.kb.lucene.LuceneKnowledgeStore;
import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.KnowledgeBaseStatistics;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.knowledge.QualityMetrics;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchMode;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import dev.modelkit.spi.DocumentParseException;
import dev.modelkit.spi.EntityRecord;
import dev.modelkit.spi.ServiceContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link KnowledgeBases} view of one caller over a {@link LuceneKnowledgeStore}: checks
 * permissions, scopes by organisation, keeps each knowledge base's record and audit trail in the
 * metadata store, and delegates the rest to the knowledge base's index.
 *
 * <p>Order of writes: the index commits first (the acknowledgement point), then the knowledge
 * base record is saved with its audit event in one metadata transaction. If the process stops in
 * between, the next access finds the index ahead of the record and saves it with a {@code
 * knowledge_base.reconciled} audit event naming the change (docs/decisions/0084).
 */
public final class LuceneKnowledgeBases implements KnowledgeBases {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LuceneKnowledgeBases.class);

  /** The metadata kind of knowledge base records. */
  public static final String KIND = "knowledge_base";
  private static final String ACTIVE = "ACTIVE";

  private final LuceneKnowledgeStore store;
  private final ServiceContext ctx;

  /**
   * @param store the store
   * @param ctx the caller's context
   */
  public LuceneKnowledgeBases(LuceneKnowledgeStore store, ServiceContext ctx) {
    this.store = store;
    this.ctx = ctx;
  }

  private Principal principal() {
    return ctx.principal();
  }

  private String org() {
    return ctx.principal().organizationId();
  }

  // ---------------------------------------------------------------- knowledge bases

  @Override
  public KnowledgeBase create(String organizationId, String name, List<KnowledgeDocument> documents) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    if (!org().equals(organizationId)) {
      throw new AccessDeniedException("User '" + principal().userId() + "' acts for organisation '" + org()
          + "' and cannot create a knowledge base in organisation '" + organizationId + "'");
    }
    Checks c = new Checks("KnowledgeBase");
    c.notBlank("name", name);
    c.check(name == null || name.length() <= 200, "name", name, "be at most 200 characters");
    c.required("documents", documents);
    c.throwIfAny();
    String id = store.newId();
    Instant now = store.clock().instant();
    KnowledgeBase kb = new KnowledgeBase(id, name.strip(), org(), 0, 0, store.embedder().name(),
        store.embedder().dimensions(), emptyQuality(), 0, now, now);
    String json = ctx.json().toJson(kb);
    ctx.metadata().save(KIND, org(), id, ACTIVE, json, 0,
        ctx.audit("knowledge_base.created", KIND, id, null, json, null));
    store.open(org(), id, kb.name());
    if (!documents.isEmpty()) {
      IngestReport report = addDocuments(id, documents);
      if (!report.failed().isEmpty()) {
        // create returns the knowledge base, not a report: say what was left out
        LOG.warn("Knowledge base '{}' was created without {} refused document(s): {}", id, report.failed().size(),
            report.failed());
      }
    }
    return view(load(id));
  }

  @Override
  public KnowledgeBase get(String knowledgeBaseId) {
    ctx.require(Permission.READ);
    return view(load(knowledgeBaseId));
  }

  @Override
  public List<KnowledgeBase> list() {
    ctx.require(Permission.READ);
    List<KnowledgeBase> out = new ArrayList<>();
    for (EntityRecord r : ctx.metadata().list(KIND, org(), null, 0, 10_000)) {
      out.add(view(r));
    }
    return out;
  }

  @Override
  public boolean delete(String knowledgeBaseId) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    EntityRecord r = ctx.metadata().get(KIND, org(), knowledgeBaseId).orElse(null);
    if (r == null) {
      return false;
    }
    boolean deleted = ctx.metadata().delete(KIND, org(), knowledgeBaseId, r.version(),
        ctx.audit("knowledge_base.deleted", KIND, knowledgeBaseId, r.json(), null, null));
    if (deleted) {
      store.drop(org(), knowledgeBaseId);
    }
    return deleted;
  }

  // ---------------------------------------------------------------- documents

  @Override
  public IngestReport addDocuments(String knowledgeBaseId, List<KnowledgeDocument> documents) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    Objects.requireNonNull(documents, "documents");
    List<IndexedKnowledgeBase.Source> sources = new ArrayList<>();
    for (KnowledgeDocument d : documents) {
      sources.add(new IndexedKnowledgeBase.Given(Objects.requireNonNull(d, "a document in the list is null")));
    }
    return ingest(knowledgeBaseId, sources, Set.of());
  }

  @Override
  public IngestReport updateDocument(String knowledgeBaseId, KnowledgeDocument document) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    Objects.requireNonNull(document, "document");
    return ingest(knowledgeBaseId, List.of(new IndexedKnowledgeBase.Given(document)), Set.of(document.id()));
  }

  @Override
  public boolean deleteDocument(String knowledgeBaseId, String documentId) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    EntityRecord r = load(knowledgeBaseId);
    IndexedKnowledgeBase kb = open(r);
    long version = kb.delete(documentId);
    if (version < 0) {
      return false;
    }
    record(r, kb, "knowledge.document_deleted", "deleted document " + documentId);
    return true;
  }

  @Override
  public IngestReport ingestFiles(String knowledgeBaseId, List<Path> files) {
    return ingestFiles(knowledgeBaseId, files, IngestOptions.of(DocumentType.POLICY));
  }

  @Override
  public IngestReport ingestFiles(String knowledgeBaseId, List<Path> files, IngestOptions options) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(options, "options");
    List<IndexedKnowledgeBase.Source> sources = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName() == null ? f.toString() : f.getFileName().toString();
      sources.add(new IndexedKnowledgeBase.FileSource(name, max -> readFile(f, name, max), options));
    }
    return ingest(knowledgeBaseId, sources, Set.of());
  }

  private static byte[] readFile(Path f, String name, long max) throws IOException {
    long size = Files.size(f);
    if (size > max) {
      throw new DocumentParseException("'" + name + "' is " + size + " bytes, over the limit of " + max
          + " bytes per file; split it or raise modelkit.knowledge.maxBytes");
    }
    return Files.readAllBytes(f);
  }

  @Override
  public IngestReport ingest(String knowledgeBaseId, String name, InputStream content, IngestOptions options) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    Checks c = new Checks("ingest");
    c.notBlank("name", name);
    c.required("content", content);
    c.required("options", options);
    c.throwIfAny();
    IndexedKnowledgeBase.ByteSource bytes = max -> {
      byte[] b = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
      if (b.length > max) {
        throw new DocumentParseException("'" + name + "' is more than " + max
            + " bytes, the limit per file; split it or raise modelkit.knowledge.maxBytes");
      }
      return b;
    };
    return ingest(knowledgeBaseId, List.of(new IndexedKnowledgeBase.FileSource(name, bytes, options)), Set.of());
  }

  @Override
  public IngestReport reindex(String knowledgeBaseId) {
    ctx.require(Permission.MANAGE_KNOWLEDGE);
    EntityRecord r = load(knowledgeBaseId);
    IndexedKnowledgeBase kb = open(r);
    IndexedKnowledgeBase.Outcome outcome = kb.reindex();
    record(r, kb, "knowledge_base.reindexed", outcome.summary());
    return outcome.report();
  }

  private IngestReport ingest(String knowledgeBaseId, List<IndexedKnowledgeBase.Source> sources, Set<String> mustExist) {
    EntityRecord r = load(knowledgeBaseId);
    IndexedKnowledgeBase kb = open(r);
    requireSameEmbedder(r);
    IndexedKnowledgeBase.Outcome outcome = kb.ingest(sources, mustExist);
    if (!outcome.report().ingested().isEmpty()) {
      record(r, kb, "knowledge.documents_ingested", outcome.summary());
    }
    return outcome.report();
  }

  /** Saves the knowledge base's record, with whole-base figures, and its audit event. */
  private void record(EntityRecord before, IndexedKnowledgeBase kb, String action, String reason) {
    EntityRecord current = ctx.metadata().get(KIND, org(), before.id()).orElse(before);
    KnowledgeBase old = ctx.json().fromJson(current.json(), KnowledgeBase.class);
    IndexedKnowledgeBase.Figures f = kb.figuresOfAll();
    KnowledgeBase updated = new KnowledgeBase(old.id(), old.name(), old.organizationId(), f.documents(), f.chunks(),
        store.embedder().name(), store.embedder().dimensions(), f.quality(), kb.index().version(), old.createdAt(),
        store.clock().instant());
    String json = ctx.json().toJson(updated);
    ctx.metadata().save(KIND, org(), old.id(), ACTIVE, json, current.version(),
        ctx.audit(action, KIND, old.id(), current.json(), json, truncate(reason)));
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<SearchHit> search(String knowledgeBaseId, SearchRequest request) {
    ctx.require(Permission.READ);
    Objects.requireNonNull(request, "request");
    EntityRecord r = load(knowledgeBaseId);
    IndexedKnowledgeBase kb = open(r);
    float[] vector = null;
    if (request.mode() != SearchMode.LEXICAL) {
      requireSameEmbedder(r);
      vector = store.pipeline().embedOne(request.query());
    }
    return kb.search(principal(), request, vector);
  }

  @Override
  public KnowledgeBaseStatistics statistics(String knowledgeBaseId) {
    ctx.require(Permission.READ);
    EntityRecord r = load(knowledgeBaseId);
    KnowledgeBase kb = ctx.json().fromJson(r.json(), KnowledgeBase.class);
    IndexedKnowledgeBase index = open(r);
    IndexedKnowledgeBase.Figures f = index.figures(principal());
    return new KnowledgeBaseStatistics(kb.id(), f.documents(), f.chunks(), f.heldBack(), f.nearDuplicates(), f.byType(),
        f.byFormat(), f.byClassification(), kb.embeddingModel(), kb.dimensions(), store.settings().quantizeVectors(),
        index.index().version(), kb.updatedAt());
  }

  @Override
  public QualityMetrics qualityMetrics(String knowledgeBaseId) {
    ctx.require(Permission.READ);
    return open(load(knowledgeBaseId)).figures(principal()).quality();
  }

  @Override
  public List<DocumentSummary> documents(String knowledgeBaseId, int offset, int limit) {
    ctx.require(Permission.READ);
    Checks c = new Checks("documents");
    c.atLeast("offset", offset, 0);
    c.between("limit", limit, 1, 10_000);
    c.throwIfAny();
    return open(load(knowledgeBaseId)).documents(principal(), offset, limit);
  }

  @Override
  public KnowledgeDocument document(String knowledgeBaseId, String documentId) {
    ctx.require(Permission.READ);
    KnowledgeDocument d = open(load(knowledgeBaseId)).document(principal(), documentId);
    if (d == null) {
      throw new NotFoundException("Document '" + documentId + "' does not exist in knowledge base '" + knowledgeBaseId
          + "' or you may not read it");
    }
    return d;
  }

  // ---------------------------------------------------------------- helpers

  private EntityRecord load(String knowledgeBaseId) {
    Objects.requireNonNull(knowledgeBaseId, "knowledgeBaseId");
    return ctx.metadata().get(KIND, org(), knowledgeBaseId).orElseThrow(() -> new NotFoundException(
        "Knowledge base '" + knowledgeBaseId + "' does not exist in organisation '" + org() + "'"));
  }

  private IndexedKnowledgeBase open(EntityRecord r) {
    KnowledgeBase kb = ctx.json().fromJson(r.json(), KnowledgeBase.class);
    IndexedKnowledgeBase index = store.open(org(), r.id(), kb.name());
    if (index.firstUse() && index.index().version() != kb.indexVersion()) {
      index.index().writeLock().lock();
      try {
        record(r, index, "knowledge_base.reconciled", "the index holds committed change(s) up to version "
            + index.index().version() + " that this record (version " + kb.indexVersion() + ") had not recorded,"
            + " because the process stopped in between; last change: " + index.index().lastChange());
      } finally {
        index.index().writeLock().unlock();
      }
    }
    return index;
  }

  private void requireSameEmbedder(EntityRecord r) {
    KnowledgeBase kb = ctx.json().fromJson(r.json(), KnowledgeBase.class);
    if (!kb.embeddingModel().equals(store.embedder().name()) && kb.documentCount() > 0) {
      throw new InvalidStateException("Knowledge base '" + kb.id() + "' was embedded with '" + kb.embeddingModel()
          + "' but this store uses '" + store.embedder().name() + "'; call reindex to re-embed it");
    }
  }

  private KnowledgeBase view(EntityRecord r) {
    KnowledgeBase kb = ctx.json().fromJson(r.json(), KnowledgeBase.class);
    IndexedKnowledgeBase index = open(r);
    IndexedKnowledgeBase.Figures f = index.figures(principal());
    return new KnowledgeBase(kb.id(), kb.name(), kb.organizationId(), f.documents(), f.chunks(), kb.embeddingModel(),
        kb.dimensions(), f.quality(), index.index().version(), kb.createdAt(), kb.updatedAt());
  }

  private static QualityMetrics emptyQuality() {
    return new QualityMetrics(0, 0, 0, 0, 0, 0, 0, 0);
  }
}
