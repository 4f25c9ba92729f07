package jp.jusou.hub.benchmark;

import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.HubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code hub-2} scenario's second hub instance: a second Spring context of the hub in the same
 * JVM, on the first one's broker (over its TCP acceptor, as a second host would connect; no broker of
 * its own; its in-VM acceptor refused the second context's connections, not looked into) and its
 * database (the same
 * H2 file URL opens the same database in this JVM), with the same data directory, so the same master
 * key and ledger keys (as two instances of a deployment share them). It follows the connector
 * registry the first one filled, so it runs the same consumers on the same inbound queues: two
 * instances competing for one queue, with message groups keeping each case on one consumer.
 */
final class SecondHub {

    private SecondHub() {
    }

    static ConfigurableApplicationContext start(List<String> firstHubArgs, String brokerTcpUrl) {
        List<String> args = new ArrayList<>();
        for (String arg : firstHubArgs) {
            if (!arg.startsWith("--hub.broker.acceptor=") && !arg.startsWith("--hub.broker.embedded-id=")
                    && !arg.startsWith("--hub.broker.url=")) {
                args.add(arg);
            }
        }
        args.add("--hub.broker.embedded=false");   // the first instance's broker, not one of its own
        args.add("--hub.broker.url=" + brokerTcpUrl);
        args.add("--hub.broker.acceptor=");
        args.add("--hub.connectors.watch-dir=");   // the registry the first instance filled is what it follows
        args.add("--camel.main.name=jusou-hub-2");
        return new SpringApplicationBuilder(HubApplication.class).profiles("demo").run(args.toArray(String[]::new));
    }
}
