package jp.jusou.hub.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorDefinition.Transport;
import jp.jusou.hub.connectors.ConnectorLauncher;
import jp.jusou.hub.connectors.ConnectorProperties;
import jp.jusou.hub.connectors.TransportSettings;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.platform.BrokerQueues;
import jp.jusou.hub.platform.FileReadLocks;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.Messaging;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The Camel routes of each deployed connector, added to and removed from the running CamelContext
 * (no reload, no restart). Every agency has its intake route ({@code hub.inbound.<id>} → pipeline);
 * the file and SFTP transports add a poller that turns files into messages on that queue, and the
 * file, SFTP and webhook transports add a consumer of {@code hub.outbound.<id>} that hands each
 * message to the agency's system.
 *
 * <pre>
 * intake-broker-&lt;id&gt;  hub.inbound.&lt;id&gt; → pipeline                         [JMS transaction]
 * connector-&lt;id&gt;-in   file | sftp → read (json | csv mapping) → hub.inbound.&lt;id&gt; → done/ | error/ + report
 * connector-&lt;id&gt;-out  hub.outbound.&lt;id&gt; → write file | sftp | POST webhook    [JMS transaction: nothing lost]
 * </pre>
 */
@Component
public class ConnectorRoutes implements ConnectorLauncher {

    private final CamelContext camel;
    private final HubProperties hub;
    private final ConnectorProperties properties;
    private final FileIntake fileIntake;
    private final OutboundRendering rendering;
    private final BrokerQueues brokerQueues;
    private final Map<String, List<String>> routes = new ConcurrentHashMap<>();

    public ConnectorRoutes(CamelContext camel, HubProperties hub, ConnectorProperties properties, FileIntake fileIntake,
                           OutboundRendering rendering, BrokerQueues brokerQueues) {
        this.camel = camel;
        this.hub = hub;
        this.properties = properties;
        this.fileIntake = fileIntake;
        this.rendering = rendering;
        this.brokerQueues = brokerQueues;
    }

    static String intakeRouteId(String agencyId) {
        return "intake-broker-" + agencyId;
    }

    static String inRouteId(String agencyId) {
        return "connector-" + agencyId + "-in";
    }

    static String outRouteId(String agencyId) {
        return "connector-" + agencyId + "-out";
    }

    @Override
    public synchronized void start(ConnectorDefinition definition, boolean paused, SecretSource secrets) throws Exception {
        String id = definition.id();
        List<String> ids = new ArrayList<>();
        RouteBuilder builder = new RouteBuilder(camel) {
            @Override
            public void configure() throws Exception {
                RouteDefinition intake = from(Messaging.COMPONENT + ":queue:" + definition.agency().inboundQueue()
                        + "?concurrentConsumers=" + hub.intake().concurrentConsumers())
                        .routeId(intakeRouteId(id)).autoStartup(!paused)
                        .setProperty(PipelineRoutes.AUTHENTICATED_AGENCY, constant(id));
                intake.to(PipelineRoutes.PIPELINE);
                ids.add(intakeRouteId(id));

                Transport in = definition.inbound();
                if (Transport.FILE.equals(in.type()) || Transport.SFTP.equals(in.type())) {
                    RouteDefinition poller = from(pollerUri(definition, in, secrets))
                            .routeId(inRouteId(id)).autoStartup(!paused)
                            .process(exchange -> fileIntake.process(exchange, definition)).id("read-file-to-inbound");
                    if (Transport.SFTP.equals(in.type())) {
                        poller.filter(exchangeProperty(FileIntake.REPORT_TEXT).isNotNull())
                                .setBody(exchangeProperty(FileIntake.REPORT_TEXT))
                                .setHeader(org.apache.camel.Exchange.FILE_NAME, exchangeProperty(FileIntake.REPORT_PATH))
                                .to(sftpBase(in, TransportSettings.inbound(definition), secrets, "$.inbound.password")
                                        + "&autoCreate=true&fileExist=Override")
                                .id("report-beside-file")
                                .end();
                    }
                    poller.filter(exchangeProperty(FileIntake.FILE_REJECTED).isEqualTo(true))
                            .process(exchange -> {
                                throw new FileIntake.FileRejectedException(
                                        exchange.getIn().getHeader(org.apache.camel.Exchange.FILE_NAME_ONLY, String.class));
                            }).id("unreadable-file-to-error");
                    ids.add(inRouteId(id));
                }

                Transport out = definition.outbound();
                if (out.hubDriven()) {
                    RouteDefinition route = from(Messaging.COMPONENT + ":queue:" + definition.agency().outboundQueue()
                            + "?concurrentConsumers=1")
                            .routeId(outRouteId(id)).autoStartup(!paused);
                    if (Transport.WEBHOOK.equals(out.type())) {
                        TransportSettings settings = TransportSettings.outbound(definition);
                        WebhookRetry retry = WebhookRetry.of(settings);
                        // retried here with back-off; after that the transaction rolls back and the
                        // broker keeps the message (the outbound queues never dead-letter)
                        route.errorHandler(defaultErrorHandler().maximumRedeliveries(retry.attempts())
                                        .redeliveryDelay(retry.initialDelay().toMillis()).useExponentialBackOff()
                                        .backOffMultiplier(retry.multiplier()).maximumRedeliveryDelay(retry.maxDelay().toMillis())
                                        .logExhausted(false).logRetryAttempted(false).logStackTrace(false))
                                .process(new WebhookDelivery(out.text("url"), secrets.signingKey(),
                                        settings.duration("/timeout"))).id("post-to-webhook");
                    } else {
                        route.process(exchange -> rendering.render(exchange, definition)).id("render-for-agency")
                                .to(writerUri(definition, out, secrets)).id("write-for-agency");
                    }
                    ids.add(outRouteId(id));
                }
            }
        };
        try {
            camel.addRoutes(builder);
            for (String routeId : ids) {
                if (!paused && camel.getRouteController().getRouteStatus(routeId) != ServiceStatus.Started) {
                    camel.getRouteController().startRoute(routeId);
                }
            }
        } catch (Exception e) {
            for (String routeId : ids) {
                removeQuietly(routeId);
            }
            throw e;
        }
        routes.put(id, ids);
    }

    private String pollerUri(ConnectorDefinition definition, Transport in, SecretSource secrets) {
        TransportSettings settings = TransportSettings.inbound(definition); // defaults: the connector schema's
        Duration poll = settings.duration("/schedule/pollInterval");
        long stable = settings.duration("/stableFor").toMillis();
        String include = settings.text("/include");
        StringBuilder options = new StringBuilder()
                .append("include=").append(raw(include))
                .append("&move=done/${file:name}&moveFailed=error/${file:name}")
                .append("&delay=").append(poll.toMillis()).append("&initialDelay=").append(Math.min(poll.toMillis(), 1000))
                .append("&readLockLoggingLevel=OFF");
        if (in.text("doneFile") != null) {
            options.append("&doneFileName=").append(raw(in.text("doneFile")));
        }
        // read a file only once it stopped changing (never half of a file still being written), and on one
        // instance only: the lock is taken in the database shared by every instance, and released only a
        // while after the file moved to done/ or error/, so an instance that listed the file before it
        // moved cannot take it again
        long checkInterval = Math.max(250, stable / 2);
        long timeout = stable * 10 + 10_000;
        Duration releaseDelay = poll.multipliedBy(2).plusSeconds(5);
        if (Transport.FILE.equals(in.type())) {
            // Camel's idempotent-changed read lock
            return "file:" + directory(in.text("directory")) + "?" + options + "&autoCreate=true"
                    + "&readLock=idempotent-changed&idempotentRepository=#" + FileReadLocks.BEAN
                    + "&readLockRemoveOnCommit=true&readLockIdempotentReleaseDelay=" + releaseDelay.toMillis()
                    + "&readLockCheckInterval=" + checkInterval + "&readLockMinAge=" + stable + "&readLockTimeout=" + timeout;
        }
        // Camel's SFTP consumer has no idempotent read lock: the same, composed (SftpSharedReadLock)
        String server = "sftp://" + in.text("host") + ":" + settings.integer("/port");
        String lockBean = "sftpReadLock-" + definition.id();
        camel.getRegistry().bind(lockBean, new SftpSharedReadLock(
                camel.getRegistry().lookupByNameAndType(FileReadLocks.BEAN, org.apache.camel.spi.IdempotentRepository.class),
                server, checkInterval, stable, timeout, releaseDelay));
        options.append("&exclusiveReadLockStrategy=#").append(lockBean);
        // the agency's server has its folders: connecting at start-up to create them would hold the start
        // streamed: FileIntake reads at most hub.connectors.max-file-bytes of it, never a whole oversize file
        return sftpBase(in, settings, secrets, "$.inbound.password") + "&autoCreate=false&streamDownload=true&" + options;
    }

    private String writerUri(ConnectorDefinition definition, Transport out, SecretSource secrets) {
        // written under a temporary name, then renamed: the agency never sees half a file
        String options = "fileExist=Override&tempFileName=${file:name}.part";
        if (Transport.FILE.equals(out.type())) {
            return "file:" + directory(out.text("directory")) + "?" + options + "&autoCreate=true";
        }
        return sftpBase(out, TransportSettings.outbound(definition), secrets, "$.outbound.password") + "&autoCreate=true&" + options;
    }

    private static String sftpBase(Transport t, TransportSettings settings, SecretSource secrets, String path) {
        String password = secrets.resolve(ConnectorDefinition.SecretRef.of(t.node("password")), path);
        String hostKey = t.text("knownHostsFile") == null ? "strictHostKeyChecking=no&useUserKnownHostsFile=false"
                : "knownHostsFile=" + raw(t.text("knownHostsFile")) + "&strictHostKeyChecking=yes";
        String base = t.text("path").startsWith("/") ? t.text("path") : "/" + t.text("path");
        return "sftp://" + t.text("host") + ":" + settings.integer("/port") + base
                + "?username=" + raw(t.text("username")) + "&password=" + raw(password) + "&" + hostKey
                + "&stepwise=false&binary=true&disconnect=false";
    }

    /** The transport's directory, created now: a directory that cannot exist fails the start, not the first message. */
    private String directory(String configured) {
        Path path = Path.of(configured);
        if (!path.isAbsolute()) {
            path = Path.of(properties.exchangeDir()).resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        try {
            java.nio.file.Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("directory " + path + " cannot be created (" + e.getClass().getSimpleName() + ")", e);
        }
        return path.toString();
    }

    private static String raw(String value) {
        return "RAW(" + value + ")";
    }

    @Override
    public synchronized void stop(String agencyId) {
        List<String> ids = routes.remove(agencyId);
        if (ids == null) {
            return;
        }
        // pollers first, the intake last: what a poller handed in is still taken through the pipeline
        for (int i = ids.size() - 1; i >= 0; i--) {
            removeQuietly(ids.get(i));
        }
    }

    private void removeQuietly(String routeId) {
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Route " + routeId + " could not be removed", e);
        }
    }

    @Override
    public synchronized void pause(String agencyId) throws Exception {
        for (String routeId : routes.getOrDefault(agencyId, List.of())) {
            camel.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void resume(String agencyId) throws Exception {
        for (String routeId : routes.getOrDefault(agencyId, List.of())) {
            camel.getRouteController().startRoute(routeId);
        }
    }

    @Override
    public synchronized void stopInput(String agencyId) throws Exception {
        if (routes.getOrDefault(agencyId, List.of()).contains(inRouteId(agencyId))) {
            camel.getRouteController().stopRoute(inRouteId(agencyId), 30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void resumeInput(String agencyId) throws Exception {
        if (routes.getOrDefault(agencyId, List.of()).contains(inRouteId(agencyId))) {
            camel.getRouteController().startRoute(inRouteId(agencyId));
        }
    }

    /**
     * Waits until the agency's inbound queue is empty on every instance: the broker's message count
     * includes the messages delivered to a consumer and not yet acknowledged, i.e. those in flight in any
     * instance's transaction (on one broker, the one all instances share); this instance's own in-flight
     * exchanges are checked as well. Empty three times in a row counts as drained.
     */
    @Override
    public boolean drain(String agencyId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String queue = BrokerNames.inbound(agencyId);
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long onBroker = brokerQueues.messageCount(queue);
            Route intake = camel.getRoute(intakeRouteId(agencyId));
            int inFlight = intake == null ? 0 : camel.getInflightRepository().size(intakeRouteId(agencyId));
            quiet = (onBroker == 0 && inFlight == 0) ? quiet + 1 : 0;
            if (quiet >= 3) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The webhook's retry settings (defaults: the connector schema's). */
    record WebhookRetry(int attempts, Duration initialDelay, double multiplier, Duration maxDelay) {
        static WebhookRetry of(TransportSettings out) {
            return new WebhookRetry(out.integer("/retry/attempts"), out.duration("/retry/initialDelay"),
                    out.number("/retry/multiplier"), out.duration("/retry/maxDelay"));
        }
    }
}
