package dev.modelkit.spi;

/**
 * What every ModelKit service provider has: a name users can ask for and a rank that orders the
 * candidates (lowest rank is the default), as DJL's engine providers do.
 *
 * <p>Names are ASCII letters, digits and dashes, shorter than 128 characters, and unique per
 * provider kind; a duplicate fails discovery.
 */
public interface ModelKitProvider {

  /** @return the provider's name, for example {@code pytorch} or {@code sqlite} */
  String name();

  /** @return the order among providers of the same kind; the lowest is the default */
  default int rank() {
    return 100;
  }
}
