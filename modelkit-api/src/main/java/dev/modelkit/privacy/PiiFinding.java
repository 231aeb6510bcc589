package dev.modelkit.privacy;

/**
 * One piece of personal data found by a scan. It never holds the value itself, only where it is
 * and a masked preview, so that a stored scan report is not itself a copy of the personal data.
 *
 * @param type what was found
 * @param detector the detector that found it ({@code builtin} or a plugged-in detector's name)
 * @param location the data source and row ({@code german_credit row 17 field email}) or the document id
 * @param start offset of the first character in the scanned text
 * @param end offset after the last character
 * @param preview the value with all but its first and last characters masked
 */
public record PiiFinding(PiiType type, String detector, String location, int start, int end, String preview) {}
