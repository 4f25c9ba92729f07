package jp.jusou.hub.platform;

import static jp.jusou.hub.message.BrokerNames.CONFIRMATION_QUEUE;
import static jp.jusou.hub.message.BrokerNames.DEAD_LETTER_QUEUE;
import static jp.jusou.hub.message.BrokerNames.EXPIRY_QUEUE;

import java.nio.file.Path;
import java.util.Set;
import javax.security.auth.Subject;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.BrokerPermissions.Permission;
import jp.jusou.hub.message.BrokerPermissions;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The embedded Artemis broker of the default run: persistent journal under the data directory,
 * the hub's own in-VM connection, AMQP over TLS for agencies ({@link AmqpsSettings}), a plain acceptor only
 * when one is configured (the demo's 127.0.0.1:61616), and the queues, redelivery, dead-lettering and per-agency
 * security the hub relies on. {@code deploy/artemis/broker.xml} holds the same settings for a
 * standalone broker or HA pair.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.broker.embedded", havingValue = "true")
public class EmbeddedBroker {

    @Bean(initMethod = "start", destroyMethod = "stop")
    EmbeddedActiveMQ embeddedActiveMQ(HubProperties properties, AmqpsSettings amqps, Credentials credentials,
                                      org.springframework.core.env.Environment environment) throws Exception {
        Path dir = Path.of(properties.dataDir(), "artemis").toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("jusou-hub-embedded")
                .setPersistenceEnabled(true)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(true)
                .setPopulateValidatedUser(true)
                .setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("in-vm", "vm://" + properties.broker().embeddedId());
        String plain = properties.broker().acceptor();
        if (plain != null && !plain.isBlank()) {
            // agencies speak AMQP; CORE on a plain port is a demo convenience (its tests' Artemis clients)
            if (!environment.acceptsProfiles(org.springframework.core.env.Profiles.of("demo"))
                    && plain.toUpperCase(java.util.Locale.ROOT).contains("CORE")) {
                throw new SecureStart.Refused(SecureStart.refusal("hub.broker.acceptor に CORE は使えません（機関は AMQP のみ）",
                        "hub.broker.acceptor must not offer CORE outside the demo (agencies use AMQP only): " + plain));
            }
            config.addAcceptorConfiguration("tcp", plain);
        }
        if (amqps.enabled()) {
            config.addAcceptorConfiguration(amqpsAcceptor(amqps));
        }

        HubProperties.Broker broker = properties.broker();
        AddressSettings inbound = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                .setMaxDeliveryAttempts(broker.maxDeliveryAttempts())
                // a rolled-back message goes straight back to the head of its queue, so no later message of
                // its case overtakes it; the hub's consumer waits before it rolls back (pipeline.RedeliveryBackOff)
                .setRedeliveryDelay(0)
                .setDefaultGroupBuckets(1024)
                // a consumer that joins takes its share of the cases; dispatch pauses while in-flight messages finish
                .setDefaultGroupRebalance(true)
                .setDefaultGroupRebalancePauseDispatch(true)
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false);
        AddressSettings outbound = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE)) // not reached: attempts are unlimited
                .setMaxDeliveryAttempts(-1) // an agency's failing consumer never loses its messages
                .setRedeliveryDelay(broker.redeliveryDelayMs())
                .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                .setMaxRedeliveryDelay(broker.maxRedeliveryDelayMs())
                .setDefaultGroupBuckets(1024)
                .setAutoCreateQueues(false)
                .setAutoCreateAddresses(false);
        AddressSettings deadLetters = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE)) // not reached: attempts are unlimited
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(broker.redeliveryDelayMs())
                .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                .setMaxRedeliveryDelay(broker.maxRedeliveryDelayMs());
        for (AddressSettings settings : new AddressSettings[] {inbound, outbound, deadLetters}) {
            settings.setExpiryAddress(SimpleString.of(EXPIRY_QUEUE)); // hub messages carry no expiry; kept for safety
        }
        config.addAddressSetting(EXPIRY_QUEUE, new AddressSettings().setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                .setExpiryAddress(SimpleString.of(EXPIRY_QUEUE)));
        config.addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                .setExpiryAddress(SimpleString.of(EXPIRY_QUEUE)));
        config.addAddressSetting(BrokerNames.ALL_INBOUND, inbound);
        config.addAddressSetting(BrokerNames.ALL_OUTBOUND, outbound);
        config.addAddressSetting(DEAD_LETTER_QUEUE, deadLetters);
        config.addAddressSetting(CONFIRMATION_QUEUE, deadLetters);

        // a send far over the message limit is refused by the broker: it never reaches the hub's memory
        config.registerBrokerPlugin(new jp.jusou.hub.broker.InboundSizeLimit(properties.maxMessageBytes()));
        // a consumer that dies mid-transaction, or one that joins while another rolls back: no later
        // message of a case overtakes the one rolled back
        config.registerBrokerPlugin(new jp.jusou.hub.broker.GroupOrderOnFailure());
        BrokerPermissions.Setting everywhere = BrokerPermissions.hub();
        config.putSecurityRoles(everywhere.match(), roles(everywhere));
        config.setSecurityInvalidationInterval(1000); // a removed agency's rights lapse within a second
        config.addQueueConfiguration(durableQueue(DEAD_LETTER_QUEUE));
        config.addQueueConfiguration(durableQueue(CONFIRMATION_QUEUE));
        config.addQueueConfiguration(durableQueue(EXPIRY_QUEUE));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.setSecurityManager(new DirectorySecurityManager(credentials));
        return server;
    }

    /** AMQP over TLS 1.2+ only; with a trust store the broker also asks for a client certificate (optional: passwords stay possible). */
    static org.apache.activemq.artemis.api.core.TransportConfiguration amqpsAcceptor(AmqpsSettings amqps) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, amqps.host());
        params.put(TransportConstants.PORT_PROP_NAME, amqps.port());
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "AMQP");
        params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, Path.of(amqps.keyStore()).toAbsolutePath().toString());
        params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, amqps.keyStorePassword());
        params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
        params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3,TLSv1.2");
        if (amqps.trustStore() != null && !amqps.trustStore().isBlank()) {
            params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, Path.of(amqps.trustStore()).toAbsolutePath().toString());
            params.put(TransportConstants.TRUSTSTORE_PASSWORD_PROP_NAME, amqps.keyStorePassword());
            params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, "PKCS12");
            params.put(TransportConstants.WANT_CLIENT_AUTH_PROP_NAME, true);
            // the AMQP protocol manager takes this from the acceptor's parameters: EXTERNAL (the certificate) is
            // not offered by default; ANONYMOUS is left out on purpose
            params.put("saslMechanisms", "EXTERNAL,PLAIN");
        }
        return new org.apache.activemq.artemis.api.core.TransportConfiguration(
                org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory.class.getName(), params, "amqps");
    }

    /**
     * Follows the deployed connectors: each agency gets its two queues and its security settings when
     * its connector is deployed; an undeployed agency loses its rights (its queues, and whatever waits
     * on them, stay).
     */
    @Bean
    AgencyQueues agencyQueues(EmbeddedActiveMQ broker, AgencyDirectory directory) {
        AgencyQueues queues = new AgencyQueues(broker.getActiveMQServer());
        directory.subscribe(queues::follow);
        return queues;
    }

    static final class AgencyQueues {

        private final ActiveMQServer server;
        private final Set<String> secured = new java.util.HashSet<>();

        AgencyQueues(ActiveMQServer server) {
            this.server = server;
        }

        synchronized void follow(java.util.Collection<Agency> agencies) {
            Set<String> now = new java.util.HashSet<>();
            for (Agency agency : agencies) {
                now.add(agency.id());
                try {
                    server.createQueue(durableQueue(agency.inboundQueue()), true);
                    server.createQueue(durableQueue(agency.outboundQueue()), true);
                } catch (Exception e) {
                    throw new IllegalStateException("Queues for " + agency.id() + " could not be created", e);
                }
                // agency X may send to hub.inbound.X and consume (or browse) hub.outbound.X, nothing else
                for (BrokerPermissions.Setting setting : BrokerPermissions.agency(agency.id())) {
                    server.getSecurityRepository().addMatch(setting.match(), roles(setting));
                }
            }
            for (String gone : secured) {
                if (!now.contains(gone)) {
                    BrokerPermissions.agency(gone).forEach(setting -> server.getSecurityRepository().removeMatch(setting.match()));
                }
            }
            secured.clear();
            secured.addAll(now);
        }
    }

    /** One setting of the permission table as Artemis roles. */
    static Set<Role> roles(BrokerPermissions.Setting setting) {
        Set<Role> roles = new java.util.LinkedHashSet<>();
        for (String name : setting.roleNames()) {
            Set<Permission> may = setting.permissionsOf(name);
            roles.add(new Role(name, may.contains(Permission.SEND), may.contains(Permission.CONSUME),
                    may.contains(Permission.CREATE_DURABLE_QUEUE), may.contains(Permission.DELETE_DURABLE_QUEUE),
                    may.contains(Permission.CREATE_NON_DURABLE_QUEUE), may.contains(Permission.DELETE_NON_DURABLE_QUEUE),
                    may.contains(Permission.MANAGE), may.contains(Permission.BROWSE), may.contains(Permission.CREATE_ADDRESS),
                    may.contains(Permission.DELETE_ADDRESS), may.contains(Permission.VIEW), may.contains(Permission.EDIT)));
        }
        return roles;
    }

    private static QueueConfiguration durableQueue(String name) {
        return QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST).setDurable(true)
                .setAutoCreateAddress(true);
    }

    /**
     * Broker logins are the hub's logins: agency X has role X, the hub has role HUB. On AMQPS an agency
     * may log in by its client certificate alone (SASL EXTERNAL: subject CN = agency id, the user name
     * Artemis passes is the subject DN), and then has exactly that agency's rights. A password login
     * (SASL PLAIN) is checked on its password, as before.
     */
    static final class DirectorySecurityManager implements ActiveMQSecurityManager5 {

        private final Credentials credentials;

        DirectorySecurityManager(Credentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
            java.security.cert.X509Certificate[] certificates = connection == null ? null : CertificateUtil.getCertsFromConnection(connection);
            java.util.Optional<Credentials.Login> login;
            if (certificates != null && certificates.length > 0) {
                String subject = certificates[0].getSubjectX500Principal().getName(); // SASL EXTERNAL's user name
                login = credentials.authenticate(certificates[0])
                        .filter(byCertificate -> user == null || user.isEmpty() || user.equals(byCertificate.user()) || user.equals(subject))
                        .filter(byCertificate -> password == null || password.isEmpty()
                                || credentials.authenticate(user, password).isPresent());
            } else {
                login = credentials.authenticate(user, password);
            }
            return login.map(DirectorySecurityManager::subject).orElse(null);
        }

        @Override
        public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
            Set<String> held = new java.util.HashSet<>();
            subject.getPrincipals(RolePrincipal.class).forEach(p -> held.add(p.getName()));
            return roles.stream().anyMatch(r -> held.contains(r.getName()) && checkType.hasRole(r));
        }

        private static Subject subject(Credentials.Login login) {
            String role = Credentials.HUB_USER_ROLE.equals(login.role()) ? Credentials.HUB_USER_ROLE
                    : "AGENCY".equals(login.role()) ? login.user() : null;
            if (role == null) {
                return null; // operator-side users have no broker rights
            }
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(login.user()));
            subject.getPrincipals().add(new RolePrincipal(role));
            return subject;
        }

        @Override
        public boolean validateUser(String user, String password) {
            return credentials.authenticate(user, password).isPresent();
        }

        @Override
        public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
            return credentials.authenticate(user, password).map(login -> {
                String role = Credentials.HUB_USER_ROLE.equals(login.role()) ? Credentials.HUB_USER_ROLE
                        : "AGENCY".equals(login.role()) ? login.user() : null;
                return role != null && roles.stream().anyMatch(r -> r.getName().equals(role) && checkType.hasRole(r));
            }).orElse(false);
        }
    }
}
