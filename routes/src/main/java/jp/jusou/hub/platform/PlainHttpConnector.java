package jp.jusou.hub.platform;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A second, plain HTTP connector beside the HTTPS one ({@code hub.http.plain-port}, bound to
 * {@code hub.http.plain-address}): the demo keeps {@code http://127.0.0.1:8080} so that a first try
 * needs no certificate. Boot has one server port; this adds the other. Off (-1) unless set; outside the
 * demo it is also refused unless {@code hub.insecure.plain-http} allows it (see {@link SecureStart}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${hub.http.plain-port:-1} >= 0")
class PlainHttpConnector {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainConnector(@Value("${hub.http.plain-port}") int port,
                                                                                @Value("${hub.http.plain-address}") String address) {
        return factory -> {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(port);
            connector.setProperty("address", address);
            factory.addAdditionalConnectors(connector);
        };
    }
}
