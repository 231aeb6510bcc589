package dev.modelkit.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelkit.core.privacy.internal.CheckDigits;
import dev.modelkit.knowledge.KnowledgeDocument;
import dev.modelkit.privacy.AnonymizationMethod;
import dev.modelkit.privacy.PiiReport;
import dev.modelkit.privacy.PiiType;
import dev.modelkit.spi.PiiDetector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The check-digit detectors against published example numbers (ISO 13616 registry examples,
 * the card schemes' documented test numbers) and the same numbers with one digit changed; the
 * anonymiser's masks and keyed pseudonyms; a plugged-in detector.
 */
class PiiDetectorsTest {
  private final PiiScanner scanner = new PiiScanner(List.of());

  private List<String> found(String text, PiiType type) {
    List<String> out = new ArrayList<>();
    for (PiiSpan s : scanner.find(text)) {
      if (s.type() == type) {
        out.add(s.in(text));
      }
    }
    return out;
  }

  @Test
  void ibansWithTheRightCountryLengthAndMod97CheckDigitsAreFound() {
    for (String iban : List.of("GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00",
        "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300", "CH93 0076 2011 6238 5295 7")) {
      assertEquals(List.of(iban), found("Please pay to " + iban + ". Thanks", PiiType.IBAN), iban);
    }
    assertTrue(found("pay to GB82 WEST 1234 5698 7654 33 now", PiiType.IBAN).isEmpty(), "one digit off");
    assertTrue(found("pay to DE89 3704 0044 0532 0130 0 now", PiiType.IBAN).isEmpty(), "one character short");
    assertFalse(CheckDigits.iban("XX82WEST12345698765432"), "unknown country");
  }

  @Test
  void cardNumbersNeedAKnownIssuerAndTheLuhnCheck() {
    for (String card : List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011111111111117",
        "3530 1113 3330 0000")) {
      assertEquals(List.of(card), found("card " + card + " exp 12/27", PiiType.PAYMENT_CARD), card);
    }
    assertTrue(found("card 4111 1111 1111 1112", PiiType.PAYMENT_CARD).isEmpty(), "Luhn fails");
    assertTrue(CheckDigits.luhn("79927398713"));
    assertTrue(found("order 1000 0000 0000 0009 shipped", PiiType.PAYMENT_CARD).isEmpty(), "no issuer starts with 1");
    assertTrue(found("card 4111 1111-1111 1111", PiiType.PAYMENT_CARD).isEmpty(), "mixed separators");
  }

  @Test
  void cardAndIbanWinOverPhoneForTheSameDigits() {
    List<PiiSpan> spans = scanner.find("call 4111 1111 1111 1111 or mail a.b@example.org");
    assertEquals(List.of(PiiType.PAYMENT_CARD, PiiType.EMAIL), spans.stream().map(PiiSpan::type).toList());
  }

  @Test
  void maskingReplacesEachValueByItsTypeAndPseudonymsAreStableKeyedAndCaseInsensitive() {
    String text = "Mail John.Doe@Example.com or john.doe@example.com, call +44 20 7946 0958, IBAN GB82 WEST 1234 5698 "
        + "7654 32";
    assertEquals("Mail [EMAIL] or [EMAIL], call [PHONE], IBAN [IBAN]",
        new Anonymizer(scanner, AnonymizationMethod.MASK, null).anonymize(text));
    byte[] k1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] k2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    String a = new Anonymizer(scanner, AnonymizationMethod.PSEUDONYMIZE, k1).anonymize(text);
    Matcher m = Pattern.compile("email_[0-9a-f]{16}").matcher(a);
    assertTrue(m.find());
    String first = m.group();
    assertTrue(m.find());
    assertEquals(first, m.group(), "the same address in another case gets the same token");
    assertFalse(a.contains("example.com") || a.contains("7946") || a.contains("WEST"), a);
    assertEquals(a, new Anonymizer(scanner, AnonymizationMethod.PSEUDONYMIZE, k1).anonymize(text), "stable");
    assertNotEquals(a, new Anonymizer(scanner, AnonymizationMethod.PSEUDONYMIZE, k2).anonymize(text), "keyed");
    assertThrows(IllegalArgumentException.class, () -> new Anonymizer(scanner, AnonymizationMethod.PSEUDONYMIZE,
        new byte[8]));
  }

  @Test
  void aPluggedInDetectorRunsAfterTheBuiltInOnesAndDocumentsAreScanned() {
    PiiDetector customerIds = new PiiDetector() {
      @Override
      public String name() {
        return "customer-id";
      }

      @Override
      public List<Match> find(String text) {
        List<Match> out = new ArrayList<>();
        Matcher m = Pattern.compile("CUST-\\d{6}").matcher(text);
        while (m.find()) {
          out.add(new Match(m.start(), m.end(), "customer_id"));
        }
        return out;
      }
    };
    PiiScanner withPlugin = new PiiScanner(List.of(customerIds));
    KnowledgeDocument doc = new KnowledgeDocument("d-1", "Complaint CUST-123456",
        "Customer CUST-123456 wrote from jane@example.org about card 5500 0000 0000 0004.",
        dev.modelkit.knowledge.DocumentType.POLICY, null, null, null, null, null, null);
    PiiReport r = withPlugin.scanDocuments(List.of(doc));
    assertEquals(1, r.scannedItems());
    assertEquals(1, r.itemsWithFindings());
    assertEquals(2L, r.countsByType().get("other"));
    assertEquals(1L, r.countsByType().get("email"));
    assertEquals(1L, r.countsByType().get("payment_card"));
    assertEquals(4, r.total());
    assertEquals("j**************g", r.findings().stream().filter(f -> f.type() == PiiType.EMAIL).findFirst()
        .orElseThrow().preview(), "findings never hold the value");
    assertEquals("[CUSTOMER_ID] wrote", new Anonymizer(withPlugin, AnonymizationMethod.MASK, null)
        .anonymize("CUST-654321 wrote"));
  }
}
