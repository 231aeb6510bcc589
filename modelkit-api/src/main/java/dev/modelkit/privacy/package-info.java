/**
 * Personal-data protection for training data and documents: detection results ({@link
 * dev.modelkit.privacy.PiiReport}), and how detected values are anonymised ({@link
 * dev.modelkit.privacy.AnonymizationMethod}). The switches live on {@code
 * dev.modelkit.training.PrivacyConfig}; detection and encryption are plugged through {@code
 * dev.modelkit.spi.PiiDetector} and {@code dev.modelkit.spi.KeyProvider}.
 */
package dev.modelkit.privacy;
