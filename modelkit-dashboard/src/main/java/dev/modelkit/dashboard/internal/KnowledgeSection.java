package dev.modelkit.dashboard.internal;

import dev.modelkit.knowledge.DocumentSummary;
import dev.modelkit.knowledge.DocumentType;
import dev.modelkit.knowledge.IngestOptions;
import dev.modelkit.knowledge.IngestReport;
import dev.modelkit.knowledge.KnowledgeBase;
import dev.modelkit.knowledge.QualityMetrics;
import dev.modelkit.knowledge.SearchHit;
import dev.modelkit.knowledge.SearchRequest;
import dev.modelkit.security.Permission;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Knowledge base management: documents with quality and errors, upload, search with citations. */
final class KnowledgeSection implements Section {
  private static final int DOCUMENTS = 500;

  @Override
  public String name() {
    return "knowledge";
  }

  @Override
  public View page(Call c) {
    String id = c.segment(1);
    if (id == null) {
      boolean allowed = c.can(Permission.MANAGE_KNOWLEDGE);
      String form = "<h2>New knowledge base</h2><form method=\"post\" action=\"/knowledge\" class=\"row\">" + c.csrfField()
          + "<label>Name <input name=\"name\" required maxlength=\"200\"></label><button type=\"submit\""
          + (allowed ? "" : " disabled title=\"needs permission 'manage_knowledge'\"") + ">Create</button></form>";
      return new View("Knowledge bases", "", live(c), form);
    }
    KnowledgeBase kb = c.service.knowledgeBases().get(id);
    return new View("Knowledge base " + kb.name(), "<p><a href=\"/knowledge\">← all knowledge bases</a></p>", live(c),
        upload(c, kb) + search(c, kb));
  }

  @Override
  public String live(Call c) {
    String id = c.segment(1);
    return id == null ? list(c) : detail(c, c.service.knowledgeBases().get(id));
  }

  @Override
  public Redirect post(Call c, Form f) {
    String id = c.segment(1);
    if (id == null) {
      KnowledgeBase kb = c.service.knowledgeBases().create(c.principal.organizationId(), f.get("name", ""), List.of());
      return new Redirect("/knowledge/" + Html.url(kb.id()), "Created knowledge base " + Html.esc(kb.name()) + ".");
    }
    if (!"upload".equals(c.segment(2))) {
      throw new BadRequest("POST /knowledge to create a knowledge base, /knowledge/{id}/upload to add documents");
    }
    if (f.uploads().isEmpty()) {
      throw new BadRequest("Choose at least one file to upload.");
    }
    DocumentType type = parseType(f.get("type", "policy"));
    IngestOptions options = IngestOptions.of(type);
    List<String> ingested = new ArrayList<>();
    List<String> heldBack = new ArrayList<>();
    StringBuilder failures = new StringBuilder();
    for (Form.Upload u : f.uploads()) {
      IngestReport r = c.service.knowledgeBases().ingest(id, u.name(), new ByteArrayInputStream(u.content()), options);
      ingested.addAll(r.ingested());
      heldBack.addAll(r.heldBack());
      for (Map.Entry<String, String> e : r.failed().entrySet()) {
        failures.append("<li><strong>").append(Html.esc(e.getKey())).append("</strong>: ").append(Html.esc(e.getValue()))
            .append("</li>");
      }
    }
    String msg = "Stored " + ingested.size() + " document(s)" + (ingested.isEmpty() ? "" : ": " + Html.esc(String.join(", ", ingested)))
        + "." + (heldBack.isEmpty() ? "" : " Held back from search for low quality: " + Html.esc(String.join(", ", heldBack)) + ".")
        + (failures.length() == 0 ? "" : "<ul class=\"failures\" id=\"ingest-failures\">" + failures + "</ul>");
    return new Redirect("/knowledge/" + Html.url(id), msg);
  }

  private static DocumentType parseType(String v) {
    for (DocumentType t : DocumentType.values()) {
      if (t.wireName().equals(v)) {
        return t;
      }
    }
    throw new BadRequest("type was '" + v + "' but it must be one of policy, procedure, regulation, case_study, template.");
  }

  private String list(Call c) {
    StringBuilder b = new StringBuilder("<table id=\"knowledge-bases\"><thead><tr><th>Name</th><th>Documents</th>"
        + "<th>Chunks</th><th>Embedding</th><th>Average quality</th><th>Held back</th><th>Updated</th></tr></thead><tbody>");
    List<KnowledgeBase> all = c.service.knowledgeBases().list();
    if (all.isEmpty()) {
      b.append("<tr><td colspan=\"7\" class=\"empty\">No knowledge bases yet.</td></tr>");
    }
    for (KnowledgeBase kb : all) {
      QualityMetrics q = kb.qualityMetrics();
      b.append("<tr><td><a href=\"/knowledge/").append(Html.esc(Html.url(kb.id()))).append("\">").append(Html.esc(kb.name()))
          .append("</a></td><td>").append(kb.documentCount()).append("</td><td>").append(kb.chunkCount()).append("</td><td>")
          .append(Html.esc(kb.embeddingModel())).append(" (").append(kb.dimensions()).append(")</td><td>")
          .append(q == null ? "–" : Html.num(q.averageScore(), 3)).append("</td><td>").append(q == null ? "–" : q.heldBack())
          .append("</td><td>").append(Html.esc(Html.time(kb.updatedAt()))).append("</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private String detail(Call c, KnowledgeBase kb) {
    QualityMetrics q = kb.qualityMetrics();
    StringBuilder b = new StringBuilder();
    if (q != null) {
      b.append(Svg.bars("quality-chart", "Average document quality", List.of("overall", "completeness", "accuracy",
          "relevance", "freshness"), List.of(q.averageScore(), q.averageCompleteness(), q.averageAccuracy(),
          q.averageRelevance(), q.averageFreshness()), 1, ""));
      b.append("<p>").append(q.documentCount()).append(" documents, ").append(kb.chunkCount()).append(" chunks, ")
          .append(q.nearDuplicates()).append(" near duplicates, ").append(q.heldBack()).append(" held back from search.</p>");
    }
    b.append("<table id=\"documents\"><thead><tr><th>Document</th><th>Title</th><th>Type</th><th>Format</th><th>Chunks</th>")
        .append("<th>Quality</th><th>Review</th><th>Problems</th></tr></thead><tbody>");
    List<DocumentSummary> docs = c.service.knowledgeBases().documents(kb.id(), 0, DOCUMENTS);
    if (docs.isEmpty()) {
      b.append("<tr><td colspan=\"8\" class=\"empty\">No documents yet; upload some below.</td></tr>");
    }
    for (DocumentSummary d : docs) {
      List<String> problems = new ArrayList<>();
      if (d.heldBack()) {
        problems.add("held back from search (quality under the minimum or rejected)");
      }
      if (d.nearDuplicateOf() != null) {
        problems.add("near duplicate of " + d.nearDuplicateOf());
      }
      b.append("<tr><td>").append(Html.esc(d.id())).append("</td><td class=\"doc-title\">").append(Html.esc(d.title()))
          .append("</td><td>").append(Html.esc(d.type().wireName())).append("</td><td>").append(Html.esc(d.format()))
          .append("</td><td>").append(d.chunkCount()).append("</td><td>")
          .append(d.quality() == null ? "–" : Html.num(d.quality().score(), 3) + " <small>(c " + Html.num(d.quality().completeness(), 2)
              + ", a " + Html.num(d.quality().accuracy(), 2) + ", r " + Html.num(d.quality().relevance(), 2) + ", f "
              + Html.num(d.quality().freshness(), 2) + ")</small>")
          .append("</td><td>").append(Html.esc(d.reviewStatus().wireName())).append("</td><td>")
          .append(Html.esc(String.join("; ", problems))).append("</td></tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private static String upload(Call c, KnowledgeBase kb) {
    boolean allowed = c.can(Permission.MANAGE_KNOWLEDGE);
    StringBuilder b = new StringBuilder("<h2>Upload documents</h2><form method=\"post\" enctype=\"multipart/form-data\" action=\"/knowledge/")
        .append(Html.esc(Html.url(kb.id()))).append("/upload\" class=\"row\" id=\"upload\">").append(c.csrfField())
        .append("<input type=\"file\" name=\"files\" multiple required>")
        .append("<label>Type <select name=\"type\">");
    for (DocumentType t : DocumentType.values()) {
      b.append("<option value=\"").append(t.wireName()).append("\">").append(t.wireName()).append("</option>");
    }
    b.append("</select></label><button type=\"submit\"").append(allowed ? "" : " disabled title=\"needs permission 'manage_knowledge'\"")
        .append(">Upload</button></form><p class=\"note\">PDF, Word, OpenDocument, HTML, CSV and text; each file is parsed, ")
        .append("chunked, embedded and scored; refused files are listed with the reason.</p>");
    return b.toString();
  }

  private static String search(Call c, KnowledgeBase kb) {
    String q = c.query.get("q");
    StringBuilder b = new StringBuilder("<h2>Search</h2><form method=\"get\" action=\"/knowledge/")
        .append(Html.esc(Html.url(kb.id()))).append("\" class=\"row\" id=\"search\"><input name=\"q\" size=\"60\" value=\"")
        .append(Html.esc(q)).append("\" placeholder=\"ask the knowledge base\"><button type=\"submit\">Search</button></form>");
    if (q == null || q.isBlank()) {
      return b.toString();
    }
    List<SearchHit> hits = c.service.knowledgeBases().search(kb.id(), SearchRequest.of(q, 10));
    b.append("<ol class=\"hits\" id=\"hits\">");
    if (hits.isEmpty()) {
      b.append("<li class=\"empty\">Nothing you may read matches.</li>");
    }
    for (SearchHit h : hits) {
      b.append("<li><blockquote>").append(passage(h.passage())).append("</blockquote><cite>")
          .append(Html.esc(h.title())).append(" [").append(Html.esc(h.documentId())).append("]")
          .append(h.section() == null || h.section().isEmpty() ? "" : ", " + Html.esc(h.section()))
          .append(h.page() > 0 ? ", page " + h.page() : "").append(", score ").append(Html.num(h.score(), 3))
          .append("</cite></li>");
    }
    return b.append("</ol>").toString();
  }

  /**
   * The store hands passages already escaped with the query terms in {@code <em>}. Only those two
   * tags are let through; any other markup in a piece is escaped, so a store that forgot to
   * escape cannot inject HTML.
   */
  static String passage(String p) {
    if (p == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    String[] parts = p.split("(?=<em>)|(?<=<em>)|(?=</em>)|(?<=</em>)");
    for (String part : parts) {
      if (part.equals("<em>") || part.equals("</em>")) {
        out.append(part);
      } else if (part.indexOf('<') >= 0 || part.indexOf('>') >= 0 || part.indexOf('"') >= 0) {
        out.append(Html.esc(part));
      } else {
        out.append(part);
      }
    }
    return out.toString();
  }
}
