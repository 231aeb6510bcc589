package dev.modelkit.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.modelkit.ConfigurationException;
import dev.modelkit.config.Violation;
import dev.modelkit.core.config.internal.Binder;
import dev.modelkit.core.config.internal.Binders;
import dev.modelkit.core.config.internal.Problems;
import dev.modelkit.core.config.internal.Shown;
import dev.modelkit.spi.JsonCodec;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes ModelKit's configuration and stored objects as JSON with the seed's field
 * names, and validates them, reporting every problem of a document in one {@link
 * ConfigurationException}.
 *
 * <p>Binding is reflective and needs no annotations: a record's component names are its JSON
 * field names (written in component order, nulls omitted); enums implementing {@link
 * dev.modelkit.config.WireValue} use their wire name (read case-insensitively);
 * {@link dev.modelkit.config.Quantity} is written as its text and read from a string or a number
 * ({@code "8Gi"}, {@code "500m"}, {@code 2}); {@code Instant} is ISO-8601 (a date alone means
 * midnight UTC); {@code Map<String,Object>} holds free-form JSON as String, Long, Double, Boolean,
 * List and Map. Map keys and set elements are written sorted, so equal values give identical
 * JSON. Unknown fields are errors. JSON comments are allowed in input.
 *
 * <pre>{@code
 * ConfigCodec codec = new ConfigCodec();
 * TrainingConfiguration config = codec.read(Path.of("training.json"), TrainingConfiguration.class);
 * String json = codec.toJson(config);
 * }</pre>
 *
 * <p>A codec is immutable and thread-safe; create one and share it.
 */
public final class ConfigCodec implements JsonCodec {
  private final Binders binders = new Binders();
  private final ObjectReader reader;
  private final ObjectWriter writer;

  /** Creates a codec. */
  public ConfigCodec() {
    JsonMapper mapper = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    reader = mapper.reader();
    // one value per line, "\n" on every platform, "key": value, empty containers as [] and {}
    DefaultIndenter lines = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
        .withArrayIndenter(lines)
        .withObjectIndenter(lines);
    writer = mapper.writer(printer);
  }

  /**
   * @param json JSON text
   * @param type a record, enum, scalar, {@code List}/{@code Map} (raw: free-form) or {@code Object}
   * @param <T> the type
   * @return the value; null for the JSON text {@code null}
   * @throws ConfigurationException listing every problem, or naming the syntax error
   * @throws IllegalArgumentException if the type cannot be bound at all
   */
  @Override
  public <T> T fromJson(String json, Class<T> type) {
    return cast(type, parseAndBind(json, type, nameOf(type), null));
  }

  /**
   * @param json JSON text
   * @param type a generic type such as {@code new TypeRef<List<KnowledgeDocument>>() {}}
   * @param <T> the type
   * @return the value
   * @throws ConfigurationException listing every problem, or naming the syntax error
   */
  public <T> T fromJson(String json, TypeRef<T> type) {
    @SuppressWarnings("unchecked")
    T value = (T) parseAndBind(json, type.type(), nameOf(type.type()), null);
    return value;
  }

  /**
   * @param tree a JSON tree
   * @param type the type to bind it to
   * @param <T> the type
   * @return the value
   * @throws ConfigurationException listing every problem
   */
  public <T> T fromTree(JsonNode tree, Class<T> type) {
    return cast(type, bind(tree, type, nameOf(type)));
  }

  /**
   * Reads a JSON file; error messages name the file.
   *
   * @param file a JSON file (UTF-8)
   * @param type the type to bind it to
   * @param <T> the type
   * @return the value
   * @throws ConfigurationException listing every problem, or saying why the file cannot be read
   */
  public <T> T read(Path file, Class<T> type) {
    return cast(type, parseAndBind(readFile(file), type, nameOf(type) + " in " + file, file));
  }

  /**
   * @param file a JSON file (UTF-8)
   * @param type a generic type
   * @param <T> the type
   * @return the value
   * @throws ConfigurationException listing every problem, or saying why the file cannot be read
   */
  public <T> T read(Path file, TypeRef<T> type) {
    @SuppressWarnings("unchecked")
    T value = (T) parseAndBind(readFile(file), type.type(), nameOf(type.type()) + " in " + file, file);
    return value;
  }

  /**
   * @param value a record, list, map, enum or scalar; may be null
   * @return pretty-printed JSON, fields in record component order, nulls omitted
   * @throws IllegalArgumentException if the value's type cannot be bound
   */
  @Override
  public String toJson(Object value) {
    try {
      return writer.writeValueAsString(toTree(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  /**
   * @param value a record, list, map, enum or scalar; may be null
   * @return its JSON tree
   * @throws IllegalArgumentException if the value's type cannot be bound
   */
  public JsonNode toTree(Object value) {
    return value == null ? NullNode.getInstance() : binders.forRuntimeClass(value.getClass()).write(value);
  }

  private Object parseAndBind(String json, Type type, String subject, Path file) {
    Objects.requireNonNull(json, "json");
    JsonNode tree;
    try {
      tree = reader.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigurationException((file == null ? "The JSON of " + nameOf(type) : file.toString())
          + " is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read JSON of " + subject + ": " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ConfigurationException((file == null ? "The JSON of " + nameOf(type) : file.toString())
          + " is empty; expected a JSON value", (Throwable) null);
    }
    return bind(tree, type, subject);
  }

  private Object bind(JsonNode tree, Type type, String subject) {
    if (tree.isNull()) {
      return null;
    }
    Binder binder = binders.forType(type);
    Problems problems = new Problems();
    Object value = binder.read(tree, "", problems);
    if (!problems.isEmpty()) {
      List<Violation> masked = new ArrayList<>();
      for (Violation v : problems.all()) {
        masked.add(Shown.masked(v));
      }
      throw new ConfigurationException(subject, masked);
    }
    if (value == Binder.FAILED) {
      throw new IllegalStateException("binding " + subject + " failed without a recorded problem");
    }
    return value;
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("Cannot read " + file + ": the file does not exist", e);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read " + file + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Class<T> type, Object value) {
    return type.isPrimitive() ? (T) value : type.cast(value);
  }

  private static String nameOf(Type type) {
    if (type instanceof Class<?> c) {
      return c.getSimpleName();
    }
    if (type instanceof ParameterizedType p) {
      StringBuilder sb = new StringBuilder(nameOf(p.getRawType())).append('<');
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < args.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(nameOf(args[i]));
      }
      return sb.append('>').toString();
    }
    return type.getTypeName();
  }
}
