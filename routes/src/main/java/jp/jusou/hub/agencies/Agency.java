package jp.jusou.hub.agencies;

/**
 * An agency connected to the hub, as its connector definition names it.
 *
 * @param source       the definition's file name
 * @param secretDigest SHA-256 of the agency's secret, resolved when the connector was activated
 *                     (null for an agency read without its secret, e.g. by hubctl)
 * @param certificate  how its client certificate is recognised (null: the subject's CN is the agency id)
 */
public record Agency(String id, String name, String kind, String municipality, String operator,
                     String secretRef, String source, byte[] secretDigest, CertificateMatch certificate) {

    public Agency(String id, String name, String kind, String municipality, String operator, String secretRef,
                  String source, byte[] secretDigest) {
        this(id, name, kind, municipality, operator, secretRef, source, secretDigest, null);
    }

    /** Whether this client certificate is this agency's (by its connector's mapping, or CN = id). */
    public boolean ownsCertificate(java.security.cert.X509Certificate certificate) {
        return certificate == null ? false : this.certificate == null ? CertificateMatch.byCommonName(certificate, id)
                : this.certificate.matches(certificate);
    }

    public String inboundQueue() {
        return jp.jusou.hub.message.BrokerNames.inbound(id);
    }

    public String outboundQueue() {
        return jp.jusou.hub.message.BrokerNames.outbound(id);
    }

    public Agency withSecretDigest(byte[] digest) {
        return new Agency(id, name, kind, municipality, operator, secretRef, source, digest, certificate);
    }
}
