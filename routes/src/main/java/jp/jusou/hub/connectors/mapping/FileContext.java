package jp.jusou.hub.connectors.mapping;

import java.time.OffsetDateTime;

/**
 * Where a vendor file came from: the sending agency (becomes the envelope's sender), its municipality,
 * the file's name (part of the deterministic message ids and of every problem) and when the connector
 * received it (becomes the envelope's sentAt).
 */
public record FileContext(String agencyId, String municipality, String fileName, OffsetDateTime receivedAt) {
}
