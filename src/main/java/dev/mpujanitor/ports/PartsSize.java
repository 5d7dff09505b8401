package dev.mpujanitor.ports;

/**
 * The bytes an upload's parts hold, as ListParts reported them.
 *
 * @param complete false when the page budget ran out first: then {@code bytes} is a lower bound
 * @param calls    ListParts pages read
 */
public record PartsSize(long bytes, boolean complete, int calls) {
}
