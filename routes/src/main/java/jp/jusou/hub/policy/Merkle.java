package jp.jusou.hub.policy;

import static jp.jusou.hub.message.Hashing.sha256;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree hash of RFC 6962 (Certificate Transparency) over a list of leaves: leaves and inner
 * nodes are hashed with different prefixes (0x00, 0x01), so a leaf can never pose as a subtree, and
 * the tree splits at the largest power of two below its size.
 */
final class Merkle {

    private Merkle() {
    }

    /** The root of the tree over these leaves (each a text, hashed as UTF-8), as hex. */
    static String root(List<String> leaves) {
        if (leaves.isEmpty()) {
            return HexFormat.of().formatHex(sha256(new byte[0]));
        }
        return HexFormat.of().formatHex(hash(leaves, 0, leaves.size()));
    }

    private static byte[] hash(List<String> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            byte[] leaf = leaves.get(from).getBytes(StandardCharsets.UTF_8);
            byte[] input = new byte[leaf.length + 1];
            System.arraycopy(leaf, 0, input, 1, leaf.length);
            return sha256(input);
        }
        int k = Integer.highestOneBit(n - 1);
        byte[] left = hash(leaves, from, from + k);
        byte[] right = hash(leaves, from + k, to);
        byte[] input = new byte[1 + left.length + right.length];
        input[0] = 1;
        System.arraycopy(left, 0, input, 1, left.length);
        System.arraycopy(right, 0, input, 1 + left.length, right.length);
        return sha256(input);
    }
}
