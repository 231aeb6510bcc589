package dev.modelkit.kb.lucene;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Files a knowledge store must survive, written at test time: a zip bomb dressed as a Word file,
 * OpenDocument and Word files with external entities, a password-protected PDF, truncated and
 * mislabelled copies of the real documents, binary junk named .txt, a legacy OLE2 header, and
 * text in UTF-16 and windows-1252.
 */
final class HostileFiles {
  private HostileFiles() {}

  /**
   * @param dir where to write them
   * @param data the real data directory, for truncated and mislabelled copies
   * @return the files written
   * @throws IOException if they cannot be written
   */
  static List<Path> write(Path dir, Path data) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    out.add(write(dir.resolve("bomb.docx"), zipBomb()));
    out.add(write(dir.resolve("xxe.odt"), odt("<!DOCTYPE office:document-content [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>",
        "&xxe; leaked")));
    out.add(write(dir.resolve("xxe.docx"), docxWithEntity()));
    out.add(write(dir.resolve("locked.pdf"), encryptedPdf()));
    byte[] policy = Files.readAllBytes(data.resolve("docs/debian-policy.pdf"));
    out.add(write(dir.resolve("truncated.pdf"), Arrays.copyOf(policy, policy.length / 3)));
    byte[] docx = Files.readAllBytes(data.resolve("docs/constitution.docx"));
    out.add(write(dir.resolve("truncated.docx"), Arrays.copyOf(docx, docx.length / 2)));
    out.add(write(dir.resolve("really-a-docx.pdf"), docx));
    out.add(write(dir.resolve("really-a-pdf.txt"), Arrays.copyOf(policy, 4096)));
    byte[] junk = new byte[8192];
    new java.util.SplittableRandom(7).nextBytes(junk);
    out.add(write(dir.resolve("junk.txt"), junk));
    byte[] ole = new byte[2048];
    System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}, 0, ole, 0, 8);
    out.add(write(dir.resolve("legacy.doc"), ole));
    out.add(write(dir.resolve("empty.txt"), new byte[0]));
    out.add(write(dir.resolve("utf16.txt"), utf16("Zürich café policy: the résumé of every counterparty is kept.")));
    out.add(write(dir.resolve("latin1.txt"), "Café crème policy for São Paulo.".getBytes(java.nio.charset.Charset.forName("windows-1252"))));
    return out;
  }

  private static Path write(Path p, byte[] bytes) throws IOException {
    Files.write(p, bytes);
    return p;
  }

  static byte[] utf16(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] out = new byte[body.length + 2];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xFE;
    System.arraycopy(body, 0, out, 2, body.length);
    return out;
  }

  /** 64 MB of zeros in word/document.xml: about 64 KB compressed, a ratio of 1000. */
  static byte[] zipBomb() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("word/document.xml"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  /** An OpenDocument text whose content.xml has the given prolog and body text. */
  static byte[] odt(String doctype, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      byte[] mime = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
      ZipEntry m = new ZipEntry("mimetype");
      m.setMethod(ZipEntry.STORED);
      m.setSize(mime.length);
      CRC32 crc = new CRC32();
      crc.update(mime);
      m.setCrc(crc.getValue());
      zip.putNextEntry(m);
      zip.write(mime);
      zip.putNextEntry(new ZipEntry("content.xml"));
      zip.write(("<?xml version=\"1.0\"?>" + doctype + "<office:document-content"
          + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
          + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
          + "<text:h text:outline-level=\"1\">Heading</text:h><text:p>" + text + "</text:p>"
          + "</office:text></office:body></office:document-content>").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] docxWithEntity() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
          + "</Types>").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("_rels/.rels"));
      zip.write(("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
          + " Target=\"word/document.xml\"/></Relationships>").getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("word/document.xml"));
      zip.write(("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
          + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
          + "<w:p><w:r><w:t>&xxe; leaked</w:t></w:r></w:p></w:body></w:document>").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] encryptedPdf() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText("Board minutes: confidential merger terms.");
        cs.endText();
      }
      StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
