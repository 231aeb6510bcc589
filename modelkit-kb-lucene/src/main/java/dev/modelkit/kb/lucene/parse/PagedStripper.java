package dev.modelkit.kb.lucene.parse;

import java.io.IOException;
import java.io.StringWriter;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Extracts a PDF's text in one pass and hands over each page's text as soon as the page is done,
 * so that pages keep their numbers without re-reading the page tree once per page.
 */
final class PagedStripper extends PDFTextStripper {

  /** Receives (page number, page text). */
  interface PageSink {
    void accept(int page, String text);
  }

  private final PageSink sink;
  private StringWriter buffer;
  private int mark;

  PagedStripper(PageSink sink) {
    this.sink = sink;
    setSortByPosition(false);
    setLineSeparator("\n");
    setParagraphEnd("\n\n");
    setPageEnd("\n");
  }

  @Override
  protected void startPage(PDPage page) throws IOException {
    super.startPage(page);
    if (output instanceof StringWriter w) {
      buffer = w;
      mark = w.getBuffer().length();
    }
  }

  @Override
  protected void endPage(PDPage page) throws IOException {
    super.endPage(page);
    output.flush();
    if (buffer != null) {
      StringBuffer b = buffer.getBuffer();
      String text = b.substring(mark);
      // drop what is done so that memory stays at one page
      b.setLength(0);
      mark = 0;
      sink.accept(getCurrentPageNo(), text);
    }
  }
}
