package jp.jusou.hub.connectors;

/** An agency connected to the hub, as its connector definition names it. */
public record Agency(String id, String name, String kind, String municipality, String operator,
                     String secretEnv, String source) {

    public String inboundQueue() {
        return "hub.inbound." + id;
    }

    public String outboundQueue() {
        return "hub.outbound." + id;
    }
}
