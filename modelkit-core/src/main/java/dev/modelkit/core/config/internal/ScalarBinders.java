package dev.modelkit.core.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelkit.config.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;

/** Binders for text, numbers, booleans, instants, dates, durations, UUIDs and quantities. */
final class ScalarBinders {
  static final String WHOLE = "be a whole number";
  static final String NUMBER = "be a number";
  static final String INSTANT = "be an ISO-8601 instant such as \"2024-01-31T09:30:00Z\" or a date such as \"2024-01-31\"";

  private ScalarBinders() {}

  static final Binder STRING = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (node.isTextual()) {
        return node.textValue();
      }
      problems.add(path, Shown.json(node), "be a string");
      return FAILED;
    }

    @Override
    public JsonNode write(Object value) {
      return TextNode.valueOf(value.toString());
    }
  };

  static final Binder BOOLEAN = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      problems.add(path, Shown.json(node), "be true or false");
      return FAILED;
    }

    @Override
    public JsonNode write(Object value) {
      return BooleanNode.valueOf((Boolean) value);
    }
  };

  static final Binder INT = whole(Integer.MIN_VALUE, Integer.MAX_VALUE, Long::intValue, v -> IntNode.valueOf((Integer) v));
  static final Binder LONG = whole(Long.MIN_VALUE, Long.MAX_VALUE, v -> v, v -> LongNode.valueOf((Long) v));
  static final Binder SHORT = whole(Short.MIN_VALUE, Short.MAX_VALUE, Long::shortValue, v -> IntNode.valueOf((Short) v));
  static final Binder BYTE = whole(Byte.MIN_VALUE, Byte.MAX_VALUE, Long::byteValue, v -> IntNode.valueOf((Byte) v));

  static final Binder DOUBLE = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (node.isNumber()) {
        return node.doubleValue();
      }
      Double special = nonFinite(node);
      if (special != null) {
        return special;
      }
      problems.add(path, Shown.json(node), NUMBER);
      return FAILED;
    }

    @Override
    public JsonNode write(Object value) {
      return DoubleNode.valueOf((Double) value);
    }
  };

  static final Binder FLOAT = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (node.isNumber()) {
        return node.floatValue();
      }
      Double special = nonFinite(node);
      if (special != null) {
        return special.floatValue();
      }
      problems.add(path, Shown.json(node), NUMBER);
      return FAILED;
    }

    @Override
    public JsonNode write(Object value) {
      return FloatNode.valueOf((Float) value);
    }
  };

  static final Binder BIG_DECIMAL = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (node.isNumber()) {
        return node.decimalValue();
      }
      problems.add(path, Shown.json(node), NUMBER);
      return FAILED;
    }

    @Override
    public JsonNode write(Object value) {
      return DecimalNode.valueOf((BigDecimal) value);
    }
  };

  static final Binder BIG_INTEGER = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      if (node.isIntegralNumber()) {
        return node.bigIntegerValue();
      }
      if (node.isNumber() && isWhole(node.decimalValue())) {
        return node.decimalValue().toBigIntegerExact();
      }
      problems.add(path, Shown.json(node), WHOLE);
      return FAILED;
    }

    @Override
    public JsonNode write(Object value) {
      return JsonNodeFactory.instance.numberNode((BigInteger) value);
    }
  };

  static final Binder INSTANT_BINDER = text(INSTANT, ScalarBinders::instant, Object::toString);
  static final Binder LOCAL_DATE = text("be an ISO-8601 date such as \"2024-01-31\"", LocalDate::parse, Object::toString);
  static final Binder DURATION = text("be an ISO-8601 duration such as \"PT30S\" or \"PT1H\"", Duration::parse, Object::toString);
  static final Binder UUID_BINDER = text("be a UUID such as \"123e4567-e89b-12d3-a456-426614174000\"", UUID::fromString, Object::toString);

  static final Binder QUANTITY = new Binder() {
    @Override
    public Object read(JsonNode node, String path, Problems problems) {
      String text;
      if (node.isTextual()) {
        text = node.textValue();
      } else if (node.isIntegralNumber()) {
        text = node.bigIntegerValue().toString();
      } else if (node.isNumber()) {
        text = node.decimalValue().stripTrailingZeros().toPlainString();
      } else {
        problems.add(path, Shown.json(node), Quantity.EXPECTED);
        return FAILED;
      }
      try {
        return Quantity.parse(text);
      } catch (IllegalArgumentException e) {
        problems.add(path, Shown.raw(node), Quantity.EXPECTED);
        return FAILED;
      }
    }

    @Override
    public JsonNode write(Object value) {
      return TextNode.valueOf(((Quantity) value).text());
    }
  };

  /**
   * @param text an ISO-8601 instant, offset date-time or date
   * @return the instant; a date alone means midnight UTC
   */
  static Instant instant(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant();
    }
  }

  private static Binder whole(long min, long max, Function<Long, Object> narrow, Function<Object, JsonNode> writer) {
    String range = "be a whole number between " + min + " and " + max;
    return new Binder() {
      @Override
      public Object read(JsonNode node, String path, Problems problems) {
        if (!node.isNumber()) {
          problems.add(path, Shown.json(node), WHOLE);
          return FAILED;
        }
        BigDecimal d = node.decimalValue();
        if (!isWhole(d)) {
          problems.add(path, Shown.json(node), WHOLE);
          return FAILED;
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
          problems.add(path, Shown.json(node), range);
          return FAILED;
        }
        return narrow.apply(d.longValueExact());
      }

      @Override
      public JsonNode write(Object value) {
        return writer.apply(value);
      }
    };
  }

  private static boolean isWhole(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static Double nonFinite(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    switch (node.textValue()) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return null;
    }
  }

  private static Binder text(String expected, Function<String, Object> parse, Function<Object, String> print) {
    return new Binder() {
      @Override
      public Object read(JsonNode node, String path, Problems problems) {
        if (!node.isTextual()) {
          problems.add(path, Shown.json(node), expected);
          return FAILED;
        }
        try {
          return parse.apply(node.textValue().trim());
        } catch (RuntimeException e) {
          problems.add(path, Shown.raw(node), expected);
          return FAILED;
        }
      }

      @Override
      public JsonNode write(Object value) {
        return TextNode.valueOf(print.apply(value));
      }
    };
  }
}
