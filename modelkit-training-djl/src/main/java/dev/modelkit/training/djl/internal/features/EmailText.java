package dev.modelkit.training.djl.internal.features;

import java.util.Locale;

/**
 * The readable part of a raw RFC 822 message: its (unfolded) Subject and the visible text of its
 * body, without the transport headers that make up most of an e-mail's first lines, MIME part
 * headers and boundaries, base64 blocks, or HTML tags. Text that has no header block is returned
 * unchanged.
 */
public final class EmailText {
  private static final int MAX_BODY = 4000;

  private EmailText() {}

  /**
   * @param raw a raw message, or null
   * @return subject, a newline, and at most the first 4,000 characters of the body
   */
  public static String subjectAndBody(String raw) {
    String[] parts = parts(raw);
    return parts == null ? raw : parts[0] + "\n" + parts[1];
  }

  /**
   * @param raw a raw message, or null
   * @return {subject, visible body text}, or null when the text has no header block
   */
  public static String[] parts(String raw) {
    if (raw == null) {
      return null;
    }
    String text = raw.replace("\r\n", "\n");
    int end = text.indexOf("\n\n");
    if (end < 0 || !looksLikeHeader(text)) {
      return null;
    }
    String head = text.substring(0, end);
    String body = text.substring(end + 2);
    StringBuilder subject = new StringBuilder();
    boolean inSubject = false;
    for (String line : head.split("\n")) {
      if (inSubject && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
        subject.append(' ').append(line.strip());
        continue;
      }
      inSubject = line.toLowerCase(Locale.ROOT).startsWith("subject:");
      if (inSubject) {
        subject.append(line.substring("subject:".length()).strip());
      }
    }
    String visible = visible(body);
    return new String[] {subject.toString(), visible.length() > MAX_BODY ? visible.substring(0, MAX_BODY) : visible};
  }

  private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("(?s)<(script|style)[^>]*>.*?</\\1>|<[^>]{0,2000}>");
  private static final java.util.regex.Pattern BASE64 = java.util.regex.Pattern.compile("[A-Za-z0-9+/=]{60,}");
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("[ \\t\\x0B\\f]+");

  /** The body's visible text: MIME structure, base64 blocks and HTML markup removed. */
  private static String visible(String body) {
    StringBuilder sb = new StringBuilder();
    for (String line : body.split("\n")) {
      String t = line.strip();
      String lower = t.toLowerCase(Locale.ROOT);
      if (t.startsWith("--") || BASE64.matcher(t).matches() || lower.startsWith("content-type:")
          || lower.startsWith("content-transfer-encoding:") || lower.startsWith("content-disposition:")
          || lower.startsWith("mime-version:")) {
        continue;
      }
      sb.append(t).append('\n');
      if (sb.length() > 4 * MAX_BODY) {
        break;
      }
    }
    String text = TAG.matcher(sb.toString().replace("=\n", "")).replaceAll(" ");
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"");
    return SPACES.matcher(text).replaceAll(" ").replaceAll("\n\\s*\n+", "\n").strip();
  }

  private static boolean looksLikeHeader(String text) {
    int colon = text.indexOf(':');
    int nl = text.indexOf('\n');
    return (colon > 0 && (nl < 0 || colon < nl)) || text.startsWith("From ");
  }
}
